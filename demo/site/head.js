// The README's snippet: calls made before waymark.iife.js has loaded are queued, then replayed.
window.waymark=window.waymark||{q:[]};['track','page','identify','consent','flush','reset','on','shutdown'].forEach(function(m){waymark[m]=waymark[m]||function(){waymark.q.push([m,arguments])}});
waymark.on('stage', function (change) {
  document.querySelectorAll('[data-stage-label]').forEach(function (el) { el.textContent = change.to; });
});
addEventListener('DOMContentLoaded', function () {
  var label = document.documentElement.getAttribute('data-waymark-stage');
  document.querySelectorAll('[data-stage-label]').forEach(function (el) { el.textContent = label || 'none yet'; });
});

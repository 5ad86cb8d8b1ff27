/** The demo site's pages: one layout (below), each page its title and content. */
export const pages = {
  '/': {
    title: 'Acme: journeys, measured',
    body: `
    <h1>Acme</h1>
    <aside data-waymark-show="awareness interest">New here? Read <a href="/blog.html">how teams use Acme</a>.</aside>
    <aside data-waymark-show="consideration">Still comparing? <a class="btn" data-waymark-cta="book-demo" href="/signup.html">Book a demo</a></aside>
    <aside data-waymark-show="conversion retention advocacy">Welcome back! Tell a friend: <button data-waymark-cta="share">Share Acme</button></aside>
    <p><button id="webinar" data-waymark-cta="webinar">Join the webinar</button> <button data-waymark-chat="sales">Chat with sales</button></p>`,
  },
  '/blog.html': {
    title: 'Blog: how teams use Acme',
    body: `
    <h1>How teams use Acme</h1>
    <p>A post a marketer would write. Reading it moves a visitor to <em>interest</em>.</p>`,
  },
  '/pricing.html': {
    title: 'Pricing',
    body: `
    <h1>Pricing</h1>
    <p>Pro: 49 €/month. A pricing page moves a visitor to <em>consideration</em>.</p>
    <a class="btn-primary btn" href="/signup.html?plan=pro&amp;email=jo@example.com">Start a trial</a>`,
  },
  '/signup.html': {
    title: 'Sign up',
    body: `
    <h1>Start your trial</h1>
    <form id="signup" data-waymark-form="signup" action="/signup.html" onsubmit="event.preventDefault(); this.replaceWith(Object.assign(document.createElement('p'), { textContent: 'Thanks! (the form values never left the page)' }))">
      <label>E-mail <input name="email" type="email" required /></label>
      <label>Company <input name="company" /></label>
      <button type="submit">Start trial</button>
    </form>`,
  },
};

/** A page of the demo site: the README's snippet, the script tag, the navigation and the stage. */
export const layout = ({ title, body }) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <link rel="stylesheet" href="/style.css" />
    <script src="/head.js"></script>
    <script async src="/dist/waymark.iife.js" data-endpoint="/collect" data-site="acme-demo" data-debug></script>
  </head>
  <body>
    <nav><a href="/">Home</a><a href="/blog.html">Blog</a><a href="/pricing.html">Pricing</a><a href="/signup.html">Sign up</a></nav>
    <p>Your journey stage: <span class="stage" data-stage-label>…</span></p>
${body}
    <p><small>Every touchpoint goes to the collector of <code>npm start</code>, which prints each batch in its terminal.</small></p>
  </body>
</html>
`;

/** Stylesheets imported by a page are bundled by esbuild into the page's own CSS file. */
declare module '*.css';

// esbuild bundles the page's stylesheet (dist/serviceMap.css); TypeScript only needs to know the import exists.
declare module '*.css';

import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { registerWithAccess } from '../security/web-security.ts';

const UI = fileURLToPath(new URL('./ui/', import.meta.url));
const UPLOT = dirname(createRequire(import.meta.url).resolve('uplot/dist/uPlot.iife.min.js'));

/**
 * The engineers' and working group's pages: static files only (data comes through the API with the
 * requester's role), uPlot from node_modules, nothing from a CDN.
 */
export const uiRoutes: FastifyPluginAsync = async (app) => {
  await registerWithAccess(app, 'public', fastifyStatic, { root: UI, prefix: '/ui/', index: 'index.html', cacheControl: false });
  await registerWithAccess(app, 'public', fastifyStatic, {
    root: UPLOT, prefix: '/ui/vendor/uplot/', decorateReply: false, allowedPath: (path: string) => /^\/uPlot\.(iife\.min\.js|min\.css)$/.test(path),
  });
  app.get('/', { config: { access: 'public' } }, async (_request, reply) => reply.redirect('/ui/'));
};

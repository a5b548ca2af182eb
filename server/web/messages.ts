import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CATALOGUES, langSchema, LANGS, negotiateLang } from '../i18n/locale.ts';

/**
 * `/api/i18n`: the pages' words, from the same catalogues as the reports, in the language asked for (the one the
 * browser remembers), else the one Accept-Language prefers, else French.
 */
export const messageRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/i18n', {
    config: { access: 'public' },
    schema: {
      summary: 'The message catalogue of the shore pages and reports in one language (fr first), with the languages offered',
      tags: ['ui'], querystring: z.object({ lang: langSchema.optional().describe('fr or en; without it, Accept-Language decides, else fr') }),
    },
  }, async (request, reply) => {
    const lang = request.query.lang ?? negotiateLang(request.headers['accept-language']);
    reply.header('vary', 'Accept-Language');
    return { lang, langs: LANGS, messages: CATALOGUES[lang] };
  });
};

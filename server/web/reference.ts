import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { vesselIdSchema, type VesselId } from '../../shared/wire/ids.ts';
import { logbookBaselineOf } from '../reference/logbook-baseline.ts';
import { LogbookFileError, readLogbookFile } from '../reference/logbook-file.ts';
import { LogbookImportError, type LogbookStore } from '../reference/logbook-store.ts';
import { maySeeVessel } from '../security/web-access.ts';
import { HttpError } from './errors.ts';

export interface ReferenceRoutesDeps {
  logbooks: LogbookStore;
  vessels: readonly { id: VesselId }[];
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_FILE_BYTES = 16 * 1024 * 1024;
const STATUS_OF: Record<LogbookImportError['reason'], number> = { 'bad-rows': 422, 'no-records': 422, 'already-imported': 409 };
const vesselParams = z.object({ id: vesselIdSchema.describe('vessel id, e.g. fregate') });
const importQuery = z.strictObject({
  name: z.string().min(1).max(200).regex(/^[^/\\]+$/, 'a file name, without a directory').describe('the file\'s name, kept with it'),
  skipBadRows: z.enum(['0', '1']).default('0').describe('1: store the valid rows of a file with bad ones, keeping those aside'),
  timeZone: z.string().default('Europe/Paris').refine((tz) => {
    try {
      return Boolean(new Intl.DateTimeFormat('en', { timeZone: tz }));
    } catch {
      return false;
    }
  }, 'an IANA time zone, e.g. Europe/Paris').describe('the logbook\'s local time'),
});

/**
 * `/api/vessels/{id}/reference`: the conventional vessel's imported logbooks and option C's fit on them; an engineer
 * imports one by posting the file itself (CSV or XLSX), with the same checks as `sillage reference import`.
 */
export const referenceRoutes: FastifyPluginAsyncZod<ReferenceRoutesDeps> = async (app, { logbooks, vessels }) => {
  app.addContentTypeParser(['text/csv', XLSX_TYPE], { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES }, (_request, body, done) => done(null, body));
  const known = (principal: Parameters<typeof maySeeVessel>[0], id: VesselId) => {
    if (!vessels.some((v) => v.id === id) || !maySeeVessel(principal, id)) throw new HttpError(404, 'unknown vessel', id);
  };

  app.get('/api/vessels/:id/reference', {
    config: { access: 'reviewer' },
    schema: { summary: 'The conventional vessel\'s imported logbooks and option C fitted on them, with its statistics at their resolution', tags: ['reference'], params: vesselParams },
  }, async (request) => {
    const { id } = request.params;
    known(request.principal, id);
    return { vessel: id, files: logbooks.files(id), logbookBaseline: logbookBaselineOf(logbooks, id, []) };
  });

  app.post('/api/vessels/:id/reference', {
    config: { access: 'engineer' },
    schema: {
      summary: 'Imports a logbook file (body: text/csv, plain or French, or XLSX); a file with bad rows stores nothing unless skipBadRows=1 (422 lists every bad row by line and reason)',
      tags: ['reference'], params: vesselParams, querystring: importQuery,
    },
  }, async (request, reply) => {
    const { id } = request.params;
    known(request.principal, id);
    if (!Buffer.isBuffer(request.body)) throw new HttpError(415, `the body must be the file, as text/csv or ${XLSX_TYPE}`, null);
    const { name, skipBadRows, timeZone } = request.query;
    let file;
    try {
      file = await readLogbookFile(request.body, { timeZone });
    } catch (err) {
      if (err instanceof LogbookFileError) throw new HttpError(400, err.message, null);
      throw err;
    }
    try {
      const stored = logbooks.import(id, name, file, { timeZone, skipBadRows: skipBadRows === '1' });
      reply.code(201);
      return { file: stored, rejected: file.rejected, logbookBaseline: logbookBaselineOf(logbooks, id, []) };
    } catch (err) {
      if (err instanceof LogbookImportError) throw new HttpError(STATUS_OF[err.reason], err.message, { rejected: err.rejected });
      throw err;
    }
  });
};

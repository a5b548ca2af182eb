import type { FastifyPluginAsync } from 'fastify';
import { reportRoutes } from './reports.ts';
import type { DashboardDeps } from './dashboard-deps.ts';
import { fleetRoutes } from './fleet.ts';
import { liveRoutes } from './live.ts';
import { openApiUi } from './openapi.ts';
import { qualityRoutes } from './quality.ts';
import { seriesExportRoutes } from './series-export.ts';
import { messageRoutes } from './messages.ts';
import { uiRoutes } from './ui.ts';

/** The shore's web beyond the core API: engineers' pages and their data, live updates, reports, `/docs`. */
export const dashboard: FastifyPluginAsync<DashboardDeps> = async (app, deps) => {
  await app.register(fleetRoutes, deps);
  await app.register(qualityRoutes, deps);
  await app.register(seriesExportRoutes, deps);
  await app.register(liveRoutes, deps);
  await app.register(reportRoutes, deps);
  await app.register(messageRoutes);
  await app.register(uiRoutes);
  await openApiUi(app);
};

import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  catalogLocationsExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/**
 * Demo only. A real template publishes the new entity's catalog-info.yaml to a repository
 * (`publish:github`) and registers its URL (`catalog:register`); the demo has no git host, so
 * `demo:catalog:register-entity` writes the entity to a local file and registers that file as
 * a `file` location (allowed for the demo by {@link demoCatalogFileLocations}).
 */
export const demoEntityRegistrationModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'demo-entity-registration',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        catalog: catalogServiceRef,
        logger: coreServices.logger,
      },
      async init({ scaffolderActions, catalog, logger }) {
        const dir = await mkdtemp(path.join(os.tmpdir(), 'pd-demo-entities-'));
        logger.info(`Demo entities from templates are written to ${dir}`);
        scaffolderActions.addActions(
          createTemplateAction({
            id: 'demo:catalog:register-entity',
            description:
              'Demo only: writes an entity to a local file and registers it in the catalog (a real template publishes to git and uses catalog:register)',
            schema: {
              input: {
                entity: z =>
                  z
                    .object({
                      apiVersion: z.string(),
                      kind: z.string(),
                      metadata: z
                        .object({ name: z.string().min(1) })
                        .passthrough(),
                    })
                    .passthrough(),
              },
              output: { entityRef: z => z.string() },
            },
            async handler(ctx) {
              const entity = ctx.input.entity;
              const file = path.join(
                dir,
                `${entity.kind}-${entity.metadata.name}.yaml`.toLowerCase(),
              );
              await writeFile(file, yaml.stringify(entity), 'utf8');
              const credentials = await ctx.getInitiatorCredentials();
              await catalog.addLocation(
                { type: 'file', target: file },
                { credentials },
              );
              const entityRef = stringifyEntityRef({
                kind: entity.kind,
                namespace: 'default',
                name: entity.metadata.name,
              });
              ctx.logger.info(`Registered ${entityRef} from ${file}`);
              // The catalog processes the new location in the background; wait until the
              // entity can be read, so that "Open in catalog" does not land on "not found"
              // (an entity page does not look again by itself).
              const deadline = Date.now() + 60_000;
              while (
                !(await catalog.getEntityByRef(entityRef, { credentials }))
              ) {
                if (Date.now() > deadline) {
                  throw new Error(
                    `${entityRef} was registered but is not in the catalog after 60 s; see the catalog's processing errors of ${file}`,
                  );
                }
                await new Promise(resolve => setTimeout(resolve, 500));
              }
              ctx.logger.info(`${entityRef} is in the catalog`);
              ctx.output('entityRef', entityRef);
            },
          }),
        );
      },
    });
  },
});

/** Demo only: the catalog accepts `file` locations (from the action above) besides `url`. */
export const demoCatalogFileLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'demo-file-locations',
  register(reg) {
    reg.registerInit({
      deps: { locations: catalogLocationsExtensionPoint },
      async init({ locations }) {
        locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});

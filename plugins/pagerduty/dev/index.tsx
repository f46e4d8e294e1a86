import Grid from '@material-ui/core/Grid';
import { Content, Header, Page } from '@backstage/core-components';
import { createDevApp } from '@backstage/dev-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider } from '@backstage/test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  EntityPagerDutyCard,
  HomePagePagerDutyCard,
  pagerDutyApiRef,
  pagerDutyPlugin,
} from '../src';
import { MockPagerDutyApi } from './MockPagerDutyApi';

const mockApi = new MockPagerDutyApi();

const mockEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    title: 'Checkout',
    annotations: { 'pagerduty.com/service-id': 'PSVC001' },
  },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};

/** The demo entity of examples/entities.yaml, served by the simulator-backed backend. */
const backendEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-api',
    annotations: { 'pagerduty.com/service-id': 'PCHKOUT' },
  },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};

function CardPage(props: {
  title: string;
  entity: Entity;
  children: JSX.Element;
}) {
  const { entity } = props;
  const ref = `component:default/${entity.metadata.name}`;
  return (
    <Page themeId="tool">
      <Header
        title={props.title}
        subtitle="@backstage-pagerduty/plugin-pagerduty"
      />
      <Content>
        <EntityProvider entity={entity}>
          <Grid container spacing={3}>
            <Grid item xs={12} md={8}>
              {props.children}
            </Grid>
            <Grid item xs={12} md={4}>
              <HomePagePagerDutyCard entityRefs={[ref]} />
            </Grid>
          </Grid>
        </EntityProvider>
      </Content>
    </Page>
  );
}

createDevApp()
  .registerPlugin(pagerDutyPlugin)
  .addPage({
    path: '/pagerduty',
    title: 'PagerDuty (mock)',
    element: (
      // Nested API providers add to the app's APIs: only the PagerDuty API is replaced.
      <TestApiProvider apis={[[pagerDutyApiRef, mockApi]]}>
        <CardPage title="PagerDuty card, in-memory data" entity={mockEntity}>
          <EntityPagerDutyCard />
        </CardPage>
      </TestApiProvider>
    ),
  })
  .addPage({
    path: '/pagerduty-backend',
    title: 'PagerDuty (backend)',
    element: (
      <CardPage
        title="PagerDuty card, backend at localhost:7007"
        entity={backendEntity}
      >
        <EntityPagerDutyCard />
      </CardPage>
    ),
  })
  .render();

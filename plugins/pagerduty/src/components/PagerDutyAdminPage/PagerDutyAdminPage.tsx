import { useState } from 'react';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Box from '@material-ui/core/Box';
import { Content, Header, Page } from '@backstage/core-components';
import { HealthTab } from './HealthTab';
import { ServicesTab } from './ServicesTab';

/**
 * The PagerDuty admin page: every PagerDuty service and how it maps to the catalog, and the
 * health of each account.
 * @public
 */
export function PagerDutyAdminPage() {
  const [tab, setTab] = useState(0);
  return (
    <Page themeId="tool">
      <Header
        title="PagerDuty"
        subtitle="Services of every account and the catalog entities they map to"
      />
      <Content>
        <Tabs
          value={tab}
          onChange={(_, v) => setTab(v)}
          indicatorColor="primary"
          aria-label="PagerDuty admin"
        >
          <Tab label="Service mapping" />
          <Tab label="Health" />
        </Tabs>
        <Box mt={2}>{tab === 0 ? <ServicesTab /> : <HealthTab />}</Box>
      </Content>
    </Page>
  );
}

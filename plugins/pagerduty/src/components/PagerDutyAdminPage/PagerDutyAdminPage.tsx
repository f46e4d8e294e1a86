import { useState } from 'react';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Box from '@material-ui/core/Box';
import { Content, Header, Page } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';
import { HealthTab } from './HealthTab';
import { ServicesTab } from './ServicesTab';

/**
 * The PagerDuty admin page: every PagerDuty service and how it maps to the catalog, and the
 * health of each account.
 * @public
 */
export function PagerDutyAdminPage() {
  const [tab, setTab] = useState(0);
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  return (
    <Page themeId="tool">
      <Header title={t('admin.title')} subtitle={t('admin.subtitle')} />
      <Content>
        <Tabs
          value={tab}
          onChange={(_, v) => setTab(v)}
          indicatorColor="primary"
          aria-label={t('admin.tabs')}
        >
          <Tab label={t('admin.mappingTab')} />
          <Tab label={t('admin.healthTab')} />
        </Tabs>
        <Box mt={2}>{tab === 0 ? <ServicesTab /> : <HealthTab />}</Box>
      </Content>
    </Page>
  );
}

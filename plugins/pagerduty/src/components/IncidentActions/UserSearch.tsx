import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useApi } from '@backstage/core-plugin-api';
import { PagerDutyUser } from '@backstage-pagerduty/plugin-pagerduty-common';
import { describePagerDutyError, pagerDutyApiRef } from '../../api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';

/**
 * Finds PagerDuty users of the entity's account by name or email through the backend. One
 * request per search (Enter or the button), not per keystroke: searches count against the
 * shared PagerDuty rate budget.
 */
export function UserSearch(props: {
  entityRef: string;
  selectedId: string;
  onSelect(userId: string): void;
}) {
  const { entityRef, selectedId, onSelect } = props;
  const api = useApi(pagerDutyApiRef);
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const [query, setQuery] = useState('');
  const [state, setState] = useState<{
    loading?: boolean;
    users?: PagerDutyUser[];
    error?: string;
  }>({});
  const search = async () => {
    const q = query.trim();
    if (q.length < 2) {
      setState({ error: t('userSearch.minChars') });
      return;
    }
    setState({ loading: true });
    try {
      const { users } = await api.searchUsers(entityRef, q);
      setState({ users });
    } catch (e) {
      const problem = describePagerDutyError(e);
      setState({ error: `${problem.title}. ${problem.message}` });
    }
  };
  return (
    <Box mt={1} role="search" aria-label={t('userSearch.label')}>
      <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
        <TextField
          id={`user-search-${entityRef}`}
          fullWidth
          margin="dense"
          label={t('userSearch.field')}
          value={query}
          onChange={e => setQuery(e.target.value)}
          onKeyDown={e => {
            if (e.key === 'Enter') {
              e.preventDefault();
              search();
            }
          }}
          error={Boolean(state.error)}
          helperText={state.error}
        />
        <Button
          onClick={search}
          disabled={state.loading}
          variant="outlined"
          style={{ marginTop: 12, minHeight: 40 }}
        >
          {t('userSearch.search')}
        </Button>
      </Box>
      {state.users && (
        <Box
          role="group"
          aria-label={t('userSearch.matching')}
          aria-live="polite"
        >
          {state.users.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              {t('userSearch.noMatch', { query: query.trim() })}
            </Typography>
          ) : (
            state.users.map(user => (
              <Chip
                key={user.id}
                label={user.email ? `${user.name} (${user.email})` : user.name}
                clickable
                color={user.id === selectedId ? 'primary' : 'default'}
                onClick={() => onSelect(user.id)}
                style={{ margin: 4 }}
              />
            ))
          )}
        </Box>
      )}
    </Box>
  );
}

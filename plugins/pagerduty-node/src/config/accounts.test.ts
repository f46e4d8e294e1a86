import { ConfigReader } from '@backstage/config';
import { readPagerDutyAccounts, readPagerDutyClientOptions } from './accounts';

const read = (pagerDuty: unknown) =>
  readPagerDutyAccounts(new ConfigReader({ pagerDuty } as any));

describe('readPagerDutyAccounts', () => {
  it('is empty when PagerDuty is not configured', () => {
    expect(readPagerDutyAccounts(new ConfigReader({}))).toEqual([]);
  });

  it('reads a single token account with US defaults', () => {
    expect(read({ apiToken: 'secret' })).toEqual([
      {
        id: 'default',
        isDefault: true,
        region: 'us',
        apiBaseUrl: 'https://api.pagerduty.com',
        eventsBaseUrl: 'https://events.pagerduty.com',
        auth: { type: 'api-token', token: 'secret' },
      },
    ]);
  });

  it('sets both base URLs for the EU region, and for OAuth in the EU', () => {
    const [eu] = read({ apiToken: 't', region: 'eu' });
    expect(eu.apiBaseUrl).toBe('https://api.eu.pagerduty.com');
    expect(eu.eventsBaseUrl).toBe('https://events.eu.pagerduty.com');
    const [oauth] = read({
      oauth: {
        clientId: 'c',
        clientSecret: 's',
        subDomain: 'acme',
        region: 'eu',
      },
    });
    expect(oauth.apiBaseUrl).toBe('https://api.eu.pagerduty.com');
    expect(oauth.auth).toMatchObject({
      type: 'oauth',
      tokenUrl: 'https://identity.eu.pagerduty.com/oauth/token',
    });
  });

  it('takes the OAuth token URL from oauth.tokenUrl when set, and checks it', () => {
    const oauth = {
      clientId: 'c',
      clientSecret: 's',
      subDomain: 'acme',
      tokenUrl: 'http://127.0.0.1:7300/oauth/token/',
    };
    const [account] = read({ oauth });
    expect(account.auth).toMatchObject({
      tokenUrl: 'http://127.0.0.1:7300/oauth/token',
    });
    expect(() => read({ oauth: { ...oauth, tokenUrl: 'ftp://x' } })).toThrow(
      'pagerDuty.oauth.tokenUrl is not an http(s) URL',
    );
  });

  it('reads several accounts and picks the default', () => {
    const accounts = read({
      accounts: [
        { id: 'a', apiToken: 't1' },
        {
          id: 'b',
          apiToken: 't2',
          isDefault: true,
          apiBaseUrl: 'http://127.0.0.1:1/',
        },
      ],
    });
    expect(accounts.map(a => [a.id, a.isDefault])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    expect(accounts[1].apiBaseUrl).toBe('http://127.0.0.1:1');
    expect(read({ accounts: [{ id: 'x', apiToken: 't' }] })[0].isDefault).toBe(
      true,
    );
  });

  it.each([
    [
      { apiToken: 't', region: 'mars' },
      'pagerDuty.region is "mars"; expected "us" or "eu"',
    ],
    [
      { apiToken: 't', apiBaseUrl: 'ftp://x' },
      'pagerDuty.apiBaseUrl is not an http(s) URL',
    ],
    [
      { accounts: [{ id: 'a' }] },
      'pagerDuty.accounts[0] has no credentials; set pagerDuty.accounts[0].apiToken',
    ],
    [
      {
        accounts: [
          { id: 'a', apiToken: 't' },
          { id: 'a', apiToken: 't' },
        ],
      },
      'pagerDuty.accounts has the id "a" more than once',
    ],
    [
      {
        accounts: [
          { id: 'a', apiToken: 't', isDefault: true },
          { id: 'b', apiToken: 't', isDefault: true },
        ],
      },
      'marks "a", "b" as isDefault; at most one may be',
    ],
    [
      {
        apiToken: 't',
        oauth: { clientId: 'c', clientSecret: 's', subDomain: 'x' },
      },
      'pagerDuty has both apiToken and oauth',
    ],
  ])(
    'rejects bad config %j with a message naming the key',
    (pagerDuty, message) => {
      expect(() => read(pagerDuty)).toThrow(message);
    },
  );
});

describe('readPagerDutyClientOptions', () => {
  it('has defaults below PagerDuty limits and rejects negative numbers', () => {
    const options = readPagerDutyClientOptions(new ConfigReader({}));
    expect(options.requestsPerMinute).toBeLessThan(960);
    expect(() =>
      readPagerDutyClientOptions(
        new ConfigReader({ pagerDuty: { client: { timeoutMs: -1 } } }),
      ),
    ).toThrow('pagerDuty.client.timeoutMs is -1');
  });
});

import { localRequestJira } from '../../src/jira/adapters/local';
import { route } from '../../src/jira/route';
import { toResponse, reply } from './fakeJira';

const requestJira = jest.fn();
const asUser = jest.fn(() => ({ requestJira }));
const asApp = jest.fn(() => ({ requestJira }));
jest.mock('@forge/api', () => ({
  __esModule: true,
  default: { asUser: () => asUser(), asApp: () => asApp() },
  assumeTrustedRoute: (path: string) => ({ value: path, trusted: true }),
}));

describe('Forge adapter', () => {
  beforeEach(() => {
    requestJira.mockReset().mockResolvedValue(toResponse(reply(200, { ok: true })));
    asUser.mockClear();
    asApp.mockClear();
  });

  it('reads as the user, forwarding our encoded route and the init unchanged', async () => {
    const { forgeRequestJiraAsUser } = await import('../../src/jira/adapters/forge');
    const init = { method: 'POST' as const, headers: { Accept: 'application/json' }, body: '{}' };
    const response = await forgeRequestJiraAsUser()(route`/rest/api/3/issue/${'A B/..'}`, init);
    expect(await response.json()).toEqual({ ok: true });
    expect(asUser).toHaveBeenCalledTimes(1);
    expect(asApp).not.toHaveBeenCalled();
    expect(requestJira).toHaveBeenCalledWith({ value: '/rest/api/3/issue/A%20B%2F..', trusted: true }, init);
  });

  it('offers asApp only for the app field value API (setting its own fields), refusing any other route unsent', async () => {
    const { forgeRequestJiraAsApp } = await import('../../src/jira/adapters/forge');
    await expect(forgeRequestJiraAsApp()(route`/rest/api/3/field`)).rejects.toThrow(/only the app field value API/);
    expect(asApp).not.toHaveBeenCalled();
    await forgeRequestJiraAsApp()(route`/rest/api/3/app/field/value`, { method: 'POST', body: '{"updates":[]}' });
    expect(asApp).toHaveBeenCalledTimes(1);
    expect(asUser).not.toHaveBeenCalled();
  });
});

describe('local adapter', () => {
  it('sends basic auth from email and API token to the base URL', async () => {
    const fetchImpl = jest.fn(async () => toResponse(reply(204)));
    const port = localRequestJira({ baseUrl: 'http://127.0.0.1:4000/', email: 'po@demo.test', apiToken: 'tok:en', fetchImpl });
    await port(route`/rest/api/3/issue/${'TEAM-1'}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
    expect(fetchImpl).toHaveBeenCalledWith('http://127.0.0.1:4000/rest/api/3/issue/TEAM-1', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Basic ${Buffer.from('po@demo.test:tok:en').toString('base64')}` },
      body: '{"a":1}',
    });
  });
});

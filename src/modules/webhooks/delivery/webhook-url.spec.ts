import { describe, expect, it } from 'vitest';
import type { WebhookNetworkPolicy } from './address-policy';
import { checkWebhookTarget, checkWebhookUrl, type HostLookup, systemLookup, WebhookUrlError } from './webhook-url';

const strict: WebhookNetworkPolicy = { allowHttp: false, allowPrivateNetworks: false };
const httpOnly: WebhookNetworkPolicy = { allowHttp: true, allowPrivateNetworks: false };
const open: WebhookNetworkPolicy = { allowHttp: true, allowPrivateNetworks: true };

function lookupAnswering(table: Record<string, string[]>): HostLookup {
  return (hostname) => {
    const addresses = table[hostname];
    if (!addresses) return Promise.reject(Object.assign(new Error(`no ${hostname}`), { code: 'ENOTFOUND' }));
    return Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };
}

describe('checkWebhookUrl', () => {
  it('accepts an https URL and returns it parsed', () => {
    const url = checkWebhookUrl('https://hooks.example.com/t/1?x=2', strict);
    expect(url.href).toBe('https://hooks.example.com/t/1?x=2');
  });

  it('refuses http unless allowHttp', () => {
    expect(() => checkWebhookUrl('http://hooks.example.com/', strict)).toThrow(/must use https.*WEBHOOK_ALLOW_HTTP/);
    expect(checkWebhookUrl('http://hooks.example.com/', httpOnly).protocol).toBe('http:');
  });

  it.each(['ftp://hooks.example.com/x', 'javascript:alert(1)', 'file:///etc/passwd', 'data:,x'])(
    'refuses the scheme of %s even with every flag on',
    (raw) => {
      expect(() => checkWebhookUrl(raw, open)).toThrow(WebhookUrlError);
      expect(() => checkWebhookUrl(raw, open)).toThrow(/must use https, not/);
    },
  );

  it.each(['', 'hooks.example.com/x', '/relative', 'https://'])('refuses %j as not an absolute URL', (raw) => {
    expect(() => checkWebhookUrl(raw, open)).toThrow(/is not an absolute URL/);
  });

  it('refuses credentials in the URL', () => {
    expect(() => checkWebhookUrl('https://user:pw@hooks.example.com/', open)).toThrow(/user name or password/);
    expect(() => checkWebhookUrl('https://user@hooks.example.com/', open)).toThrow(/user name or password/);
  });

  it('refuses a fragment, even an empty one', () => {
    expect(() => checkWebhookUrl('https://hooks.example.com/#x', open)).toThrow(/fragment/);
    expect(() => checkWebhookUrl('https://hooks.example.com/#', open)).toThrow(/fragment/);
  });

  it('refuses a URL longer than 2048 characters', () => {
    const raw = `https://hooks.example.com/${'a'.repeat(2048)}`;
    expect(() => checkWebhookUrl(raw, open)).toThrow(/at most 2048/);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a link-local \(cloud metadata\) address/],
    ['http://127.0.0.1/', /127\.0\.0\.1 is a loopback address/],
    ['http://[::1]/', /::1 is a loopback address/],
    ['http://2130706433/', /127\.0\.0\.1 is a loopback address/],
    ['http://0x7f.1/', /127\.0\.0\.1 is a loopback address/],
    ['http://[::ffff:10.0.0.1]/', /private address/],
    ['https://10.0.0.1:8443/', /private address/],
  ])('refuses the literal host of %s without allowPrivateNetworks, even with allowHttp', (raw, message) => {
    expect(() => checkWebhookUrl(raw, httpOnly)).toThrow(message);
    expect(checkWebhookUrl(raw, open)).toBeInstanceOf(URL);
  });

  it('accepts a public literal address', () => {
    expect(checkWebhookUrl('https://8.8.8.8/', strict).hostname).toBe('8.8.8.8');
    expect(checkWebhookUrl('https://[2606:4700::1111]/', strict).hostname).toBe('[2606:4700::1111]');
  });
});

describe('checkWebhookTarget', () => {
  const lookup = lookupAnswering({
    'public.example.test': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    'internal.example.test': ['10.0.0.7'],
    'mixed.example.test': ['93.184.215.14', '169.254.169.254'],
    'empty.example.test': [],
  });

  it('accepts a name whose every address is public', async () => {
    await expect(checkWebhookTarget(new URL('https://public.example.test/'), strict, lookup)).resolves.toBeUndefined();
  });

  it('refuses a name that resolves to a private address, naming the host, address and reason', async () => {
    await expect(checkWebhookTarget(new URL('https://internal.example.test/'), strict, lookup)).rejects.toThrow(
      'the webhook host internal.example.test resolves to 10.0.0.7, which is a private address',
    );
  });

  it('refuses a name when any one of its addresses is forbidden', async () => {
    await expect(checkWebhookTarget(new URL('https://mixed.example.test/'), strict, lookup)).rejects.toThrow(
      /169\.254\.169\.254, which is a link-local \(cloud metadata\) address/,
    );
  });

  it('allows private addresses with allowPrivateNetworks', async () => {
    await expect(checkWebhookTarget(new URL('http://internal.example.test/'), open, lookup)).resolves.toBeUndefined();
  });

  it('refuses a name that does not resolve, even with allowPrivateNetworks', async () => {
    await expect(checkWebhookTarget(new URL('https://nowhere.example.test/'), open, lookup)).rejects.toThrow(
      'the webhook host nowhere.example.test does not resolve (ENOTFOUND)',
    );
    await expect(checkWebhookTarget(new URL('https://empty.example.test/'), open, lookup)).rejects.toThrow(
      /does not resolve to any address/,
    );
  });

  it('checks a literal host without asking the lookup', async () => {
    const refuse: HostLookup = () => Promise.reject(new Error('lookup must not be called'));
    await expect(checkWebhookTarget(new URL('http://[::1]:8080/'), httpOnly, refuse)).rejects.toThrow(
      /::1 is a loopback/,
    );
    await expect(checkWebhookTarget(new URL('https://8.8.8.8/'), strict, refuse)).resolves.toBeUndefined();
  });
});

describe('systemLookup', () => {
  it('answers an IP literal itself and resolves localhost through the system', async () => {
    await expect(systemLookup('[::1]')).resolves.toEqual([{ address: '::1', family: 6 }]);
    await expect(systemLookup('203.0.113.9')).resolves.toEqual([{ address: '203.0.113.9', family: 4 }]);
    const local = await systemLookup('localhost');
    expect(local.length).toBeGreaterThan(0);
    expect(local.every(({ address }) => address === '::1' || address.startsWith('127.'))).toBe(true);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLinks, httpFetcher, isPrivateAddress } from './links.ts';

describe('link checker (against a local HTTP server)', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/ok') res.writeHead(200).end('ok');
      else if (req.url === '/moved') res.writeHead(301, { location: '/ok' }).end();
      else if (req.url === '/head-not-allowed') res.writeHead(req.method === 'HEAD' ? 405 : 200).end();
      else if (req.url === '/error') res.writeHead(500).end();
      else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end(), 2000);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const fetcher = httpFetcher({ allowPrivateNetworks: true });

  it('warns about 4xx, 5xx and unreachable links, and accepts 2xx and redirects', async () => {
    const found = await checkLinks(
      [
        `${base}/ok`,
        `${base}/moved`,
        `${base}/head-not-allowed`,
        `${base}/gone`,
        `${base}/error`,
        'http://127.0.0.1:1/',
      ],
      { fetcher },
    );
    expect(found.map((f) => [f.code, f.severity, f.location.excerpt.match, f.message])).toEqual([
      ['broken_link', 'warning', `${base}/gone`, '正文中的链接返回 404（页面不存在），请修改或删除该链接'],
      [
        'broken_link',
        'warning',
        `${base}/error`,
        '正文中的链接返回 500（对方服务器错误），请修改或删除该链接',
      ],
      ['broken_link', 'warning', 'http://127.0.0.1:1/', '正文中的链接无法连接，请修改或删除该链接'],
    ]);
  });

  it('gives up after the timeout', async () => {
    const found = await checkLinks([`${base}/slow`], { fetcher, timeoutMs: 200 });
    expect(found[0]?.message).toBe('正文中的链接访问超时，请修改或删除该链接');
  });

  it('resolves relative and portal links with the portal, and skips mail and anchors', async () => {
    const asked: string[] = [];
    const found = await checkLinks(
      ['/docs/1', 'https://gk.example.gov.cn/docs/2?x=1', 'mailto:a@b.cn', '#top'],
      {
        fetcher: () => Promise.reject(new Error('must not fetch')),
        baseUrl: 'https://gk.example.gov.cn',
        resolveInternal: (path) => {
          asked.push(path);
          return Promise.resolve(path === '/docs/1' ? 200 : 404);
        },
      },
    );
    expect(asked).toEqual(['/docs/1', '/docs/2?x=1']);
    expect(found.map((f) => f.location.excerpt.match)).toEqual(['https://gk.example.gov.cn/docs/2?x=1']);
  });

  it('does not fetch private addresses with the default fetcher', async () => {
    const found = await checkLinks([`${base}/ok`], { fetcher: httpFetcher() });
    expect(found[0]?.message).toBe('正文中的链接指向内部网络地址，未检查，请修改或删除该链接');
    expect(isPrivateAddress('10.1.2.3')).toBe(true);
    expect(isPrivateAddress('172.20.0.1')).toBe(true);
    expect(isPrivateAddress('::1')).toBe(true);
    expect(isPrivateAddress('::ffff:192.168.1.1')).toBe(true);
    expect(isPrivateAddress('202.96.128.86')).toBe(false);
  });
});

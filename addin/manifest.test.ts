// The add-in manifest, checked offline (Microsoft's own validator needs the network; the XSD
// check is ../shared/tools/validate-manifest): what Office reads with office-addin-manifest's
// readManifestFile, then the version overrides: requirement sets, the shared runtime, the
// custom functions, the ribbon group, and every resource they name.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  OfficeAddinManifest,
  getXmlElement,
  getXmlElements,
  type Xml,
} from 'office-addin-manifest';
import { ManifestHandlerXml } from 'office-addin-manifest/lib/manifestHandler/manifestHandlerXml.js';
import { DEV_ORIGIN, deploymentId, manifestFor } from './manifest.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MANIFEST = path.join(ROOT, 'manifest.xml');

const attr = (x: Xml, name: string): string | undefined => x?.$?.[name];
const all = (x: Xml, name: string): Xml[] => getXmlElements(x, name) ?? [];
/** Every element of a given name anywhere below `x` (xml2js trees: objects and arrays). */
function find(x: Xml, name: string): Xml[] {
  if (!x || typeof x !== 'object') return [];
  const here = Array.isArray(x[name]) ? (x[name] as Xml[]) : [];
  const below = Object.entries(x)
    .filter(([k]) => k !== '$')
    .flatMap(([, v]) => (Array.isArray(v) ? v.flatMap((c) => find(c, name)) : find(v, name)));
  return [...here, ...below];
}

async function structure(file: string) {
  const info = await OfficeAddinManifest.readManifestFile(file);
  const xml: Xml = await new ManifestHandlerXml(file).parseXmlAsync();
  const app: Xml = xml.OfficeApp;
  const overrides = getXmlElement(app, 'VersionOverrides');
  const resources = getXmlElement(overrides, 'Resources');
  const ids = new Map<string, Xml>();
  for (const kind of ['bt:Images', 'bt:Urls', 'bt:ShortStrings', 'bt:LongStrings'])
    for (const group of all(resources, kind))
      for (const item of [
        ...all(group, 'bt:Image'),
        ...all(group, 'bt:Url'),
        ...all(group, 'bt:String'),
      ])
        ids.set(attr(item, 'id')!, item);
  const value = (resid: string | undefined) => {
    const r = ids.get(resid ?? '');
    assert.ok(r, `resource ${resid} is defined`);
    return attr(r, 'DefaultValue')!;
  };
  const zh = (resid: string) =>
    attr(
      all(ids.get(resid), 'bt:Override').find((o) => attr(o, 'Locale') === 'zh-CN'),
      'Value',
    );
  return { info, app, overrides, ids, value, zh };
}

test('readManifestFile: an Excel task pane add-in at https://localhost:3000/addin/', async () => {
  const { info } = await structure(MANIFEST);
  assert.equal(info.officeAppType, 'TaskPaneApp');
  assert.deepEqual(info.hosts, ['Workbook']);
  assert.match(info.id!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(info.permissions, 'ReadWriteDocument');
  assert.equal(info.defaultSettings?.sourceLocation, `${DEV_ORIGIN}/addin/taskpane.html`);
  for (const url of [info.iconUrl, info.highResolutionIconUrl, info.supportUrl])
    assert.ok(url?.startsWith(`${DEV_ORIGIN}/addin/`), url);
});

test('requirement sets, one long-lived shared runtime, custom functions in the LODESTONE namespace', async () => {
  const { app, overrides, value } = await structure(MANIFEST);
  const sets = Object.fromEntries(
    find(getXmlElement(app, 'Requirements'), 'Set').map((s) => [
      attr(s, 'Name'),
      attr(s, 'MinVersion'),
    ]),
  );
  assert.deepEqual(sets, { ExcelApi: '1.12', SharedRuntime: '1.1' });
  const [runtime, ...others] = find(overrides, 'Runtime');
  assert.equal(others.length, 0);
  assert.equal(attr(runtime, 'lifetime'), 'long');
  assert.equal(value(attr(runtime, 'resid')), `${DEV_ORIGIN}/addin/taskpane.html`);
  const functions = find(overrides, 'ExtensionPoint').find(
    (e) => attr(e, 'xsi:type') === 'CustomFunctions',
  );
  assert.ok(functions, 'a CustomFunctions extension point');
  const loc = (name: string) =>
    attr(getXmlElement(getXmlElement(functions, name), 'SourceLocation'), 'resid');
  assert.equal(value(loc('Script')), `${DEV_ORIGIN}/addin/functions.js`);
  assert.equal(value(loc('Metadata')), `${DEV_ORIGIN}/addin/functions.json`);
  // The functions run in the same page as the task pane: the shared runtime.
  assert.equal(loc('Page'), attr(runtime, 'resid'));
  assert.equal(value(attr(getXmlElement(functions, 'Namespace'), 'resid')), 'LODESTONE');
  const functionFile = find(overrides, 'FunctionFile')[0];
  assert.equal(attr(functionFile, 'resid'), attr(runtime, 'resid'), 'ribbon commands share it too');
});

test('the ribbon group: Pull, Push, Reports, Sign in, labelled in English and Chinese', async () => {
  const { overrides, value, zh } = await structure(MANIFEST);
  const groups = find(overrides, 'Group');
  assert.equal(groups.length, 1);
  const buttons = all(groups[0], 'Control').map((c) => {
    const label = attr(getXmlElement(c, 'Label'), 'resid')!;
    const action = getXmlElement(c, 'Action');
    return {
      en: value(label),
      zh: zh(label),
      action: attr(action, 'xsi:type'),
      fn: getXmlElement(action, 'FunctionName'),
    };
  });
  assert.deepEqual(
    buttons.map((b) => [b.en, b.zh, b.action]),
    [
      ['Pull', '拉取', 'ExecuteFunction'],
      ['Push', '推送', 'ExecuteFunction'],
      ['Reports', '报表', 'ExecuteFunction'],
      ['Sign in', '登录', 'ShowTaskpane'],
    ],
  );
  assert.deepEqual(buttons.map((b) => b.fn?.toString()).slice(0, 3), [
    'pull',
    'push',
    'showReports',
  ]);
  for (const image of find(overrides, 'bt:Image').filter((i) => attr(i, 'size')))
    value(attr(image, 'resid'));
});

test('addin:manifest moves every URL to the deployment and gives it an id of its own', async () => {
  const xml = fs.readFileSync(MANIFEST, 'utf8');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestone-manifest-'));
  try {
    const file = path.join(dir, 'manifest.xml');
    fs.writeFileSync(file, manifestFor(xml, 'https://crm.example.com/'));
    const dev = await structure(MANIFEST);
    const prod = await structure(file);
    assert.equal(prod.info.id, deploymentId('https://crm.example.com'));
    assert.notEqual(prod.info.id, dev.info.id);
    assert.equal(
      prod.info.defaultSettings?.sourceLocation,
      'https://crm.example.com/addin/taskpane.html',
    );
    assert.ok(
      !fs.readFileSync(file, 'utf8').includes(`${DEV_ORIGIN}/`),
      'no URL left on localhost',
    );
    for (const [id, item] of dev.ids) {
      const before = attr(item, 'DefaultValue')!;
      assert.equal(
        prod.value(id),
        before.replace(`${DEV_ORIGIN}/`, 'https://crm.example.com/'),
        id,
      );
    }
    // Under a path too, and the same address always gets the same id.
    assert.match(
      manifestFor(xml, 'https://example.com/crm'),
      /https:\/\/example\.com\/crm\/addin\/taskpane\.html/,
    );
    assert.equal(deploymentId('https://crm.example.com'), deploymentId('https://crm.example.com'));
    assert.throws(() => manifestFor(xml, 'http://crm.example.com'), /https/);
    assert.throws(() => manifestFor(xml, 'https://crm.example.com', 'not-a-guid'), /GUID/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

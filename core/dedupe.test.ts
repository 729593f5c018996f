import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  companyDomain,
  emailDomain,
  keyList,
  normalizeCompany,
  normalizeEmail,
  normalizePhone,
  websiteDomain,
} from './dedupe.ts';

const table = <T>(fn: (input: string | null) => T, cases: [string | null, T][]) => {
  for (const [input, expected] of cases) assert.equal(fn(input), expected, `${input}`);
};

test('emails are trimmed and lower-cased; anything without an @ is no key', () => {
  table(normalizeEmail, [
    ['  Zhang.Wei@Acme.CN ', 'zhang.wei@acme.cn'],
    ['wei@qq.com', 'wei@qq.com'],
    ['no-at-sign', null],
    ['@acme.cn', null],
    ['wei@', null],
    ['', null],
    [null, null],
  ]);
  table(emailDomain, [
    ['Wei@Acme.CN', 'acme.cn'],
    ['wei', null],
  ]);
});

test('company domains ignore public mail providers', () => {
  table(companyDomain, [
    ['li@huaxin-tech.com', 'huaxin-tech.com'],
    ['LI@Siemens.COM', 'siemens.com'],
    ['li@qq.com', null],
    ['li@163.com', null],
    ['li@126.com', null],
    ['li@sina.com', null],
    ['li@foxmail.com', null],
    ['li@gmail.com', null],
    ['li@outlook.com', null],
    ['li@hotmail.com', null],
    ['li@yahoo.com', null],
    ['li@icloud.com', null],
    ['li@yeah.net', null],
    ['li@aliyun.com', null],
    ['li@139.com', null],
    ['not an email', null],
  ]);
  table(websiteDomain, [
    ['https://www.Acme.cn/about?x=1', 'acme.cn'],
    ['acme.cn', 'acme.cn'],
    ['http://shop.acme.cn:8080', 'shop.acme.cn'],
    ['https://mail.qq.com', 'mail.qq.com'],
    ['qq.com', null],
    ['localhost', null],
    ['', null],
  ]);
});

test('phones compare equal with and without country code, trunk 0 and punctuation', () => {
  const landline = '2155550101';
  const mobile = '13812345678';
  table(normalizePhone, [
    ['+86 21 5555 0101', landline],
    ['+86 (0)21 5555 0101', landline],
    ['0086 21 5555 0101', landline],
    ['021-5555-0101', landline],
    ['(021) 5555 0101', landline],
    ['2155550101', landline],
    ['021-5555-0101 转 12', landline],
    ['021 5555 0101 ext. 12', landline],
    ['+86 138 1234 5678', mobile],
    ['+8613812345678', mobile],
    ['008613812345678', mobile],
    ['8613812345678', mobile],
    ['138-1234-5678', mobile],
    ['１３８１２３４５６７８', mobile], // full-width digits
    ['+1 415 555 0101', '14155550101'],
    ['+44 20 7946 0000', '442079460000'],
    ['10086', null],
    ['110', null],
    ['', null],
    [null, null],
  ]);
});

test('company names compare equal with and without legal suffixes', () => {
  const cases: [string, string][] = [
    ['上海华信科技有限公司', '上海华信科技'],
    ['上海华信科技股份有限公司', '上海华信科技'],
    ['上海华信科技有限责任公司', '上海华信科技'],
    ['上海华信科技集团有限公司', '上海华信科技'],
    ['上海华信科技集团', '上海华信科技'],
    ['上海华信科技公司', '上海华信科技'],
    ['上海华信科技', '上海华信科技'],
    [' 上海 华信科技 有限公司 ', '上海华信科技'],
    ['西门子(中国)有限公司', '西门子'],
    ['西门子（中国）有限公司', '西门子'],
    ['Acme Co., Ltd.', 'acme'],
    ['ACME CO.,LTD', 'acme'],
    ['Acme Co. Ltd', 'acme'],
    ['Acme Inc.', 'acme'],
    ['Acme, Inc', 'acme'],
    ['Acme LLC', 'acme'],
    ['Acme GmbH', 'acme'],
    ['Acme Pty Ltd', 'acme'],
    ['Acme B.V.', 'acme'],
    ['Acme Corp.', 'acme'],
    ['Acme Corporation', 'acme'],
    ['Acme Limited', 'acme'],
    ['Acme (Shanghai) Co., Ltd.', 'acme'],
    ['ＡＣＭＥ　有限公司', 'acme'], // full-width letters and space
    ['Acme', 'acme'],
    ['Blue Sky Trading Co., Ltd.', 'blueskytrading'],
    ['Johnson & Johnson', 'johnsonandjohnson'],
  ];
  for (const [input, expected] of cases) assert.equal(normalizeCompany(input), expected, input);
});

test('distinctive names stay apart: a leading city is kept, a bare suffix is not emptied', () => {
  assert.notEqual(normalizeCompany('上海银行'), normalizeCompany('北京银行'));
  assert.notEqual(normalizeCompany('华信(深圳)有限公司'), normalizeCompany('华信软件有限公司'));
  assert.ok(normalizeCompany('有限公司'));
  assert.equal(normalizeCompany('Limited'), 'limited');
  assert.equal(normalizeCompany('  '), null);
  assert.equal(normalizeCompany(null), null);
  // Bracketed text that is not a place stays part of the name.
  assert.equal(normalizeCompany('华信(软件)有限公司'), '华信软件');
});

test('key lists are space-delimited at both ends, without blanks or repeats', () => {
  assert.equal(
    keyList(['2155550101', null, '13812345678', '2155550101']),
    ' 2155550101 13812345678 ',
  );
  assert.equal(keyList([null]), '');
});

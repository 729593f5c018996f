// Matrix rows for the catalogue: products, price lists and payment terms. Everyone who sells or
// bills reads it (scope 'all'); only products.manage keeps it. priceLists.resolve also needs the
// partner in the caller's reach, so its cell prices for a partner the caller owns.
import { row, type Fixture, type Row } from './kit.ts';

const product = (f: Fixture) =>
  f.admin.products.create({
    code: `M-${f.uniq()}`,
    name: `矩阵产品 ${f.uniq()}`,
    listPrice: 100_00,
    taxRate: 1300,
  });
const priceList = (f: Fixture) => f.admin.priceLists.create({ name: `矩阵价格表 ${f.uniq()}` });
const terms = (f: Fixture) =>
  f.admin.paymentTerms.create({ name: `矩阵条款 ${f.uniq()}`, schedule: [{ ratio: 1 }] });

export const catalogueRows: Row[] = [
  row({
    path: 'products.list',
    permission: 'products.read',
    perOwner: false,
    call: (c) => c.products.list({}),
  }),
  row({
    path: 'products.get',
    permission: 'products.read',
    perOwner: false,
    setup: product,
    call: (c, _f, _r, p) => c.products.get({ id: p.id }),
  }),
  row({
    path: 'products.create',
    permission: 'products.manage',
    perOwner: false,
    call: (c, f) =>
      c.products.create({ code: `N-${f.uniq()}`, name: '新产品', listPrice: 1, taxRate: 0 }),
  }),
  row({
    path: 'products.update',
    permission: 'products.manage',
    perOwner: false,
    setup: product,
    call: (c, _f, _r, p) =>
      c.products.update({ id: p.id, version: p.version, patch: { listPrice: 99_00 } }),
  }),
  row({
    path: 'products.archive',
    permission: 'products.manage',
    perOwner: false,
    setup: product,
    call: (c, _f, _r, p) => c.products.archive({ id: p.id, version: p.version }),
  }),
  row({
    path: 'priceLists.list',
    permission: 'products.read',
    perOwner: false,
    call: (c) => c.priceLists.list({}),
  }),
  row({
    path: 'priceLists.get',
    permission: 'products.read',
    perOwner: false,
    setup: priceList,
    call: (c, _f, _r, l) => c.priceLists.get({ id: l.id }),
  }),
  row({
    path: 'priceLists.create',
    permission: 'products.manage',
    perOwner: false,
    call: (c, f) => c.priceLists.create({ name: `新价格表 ${f.uniq()}` }),
  }),
  row({
    path: 'priceLists.update',
    permission: 'products.manage',
    perOwner: false,
    setup: priceList,
    call: (c, _f, _r, l) =>
      c.priceLists.update({ id: l.id, version: l.version, patch: { nameEn: 'Renamed' } }),
  }),
  row({
    path: 'priceLists.archive',
    permission: 'products.manage',
    perOwner: false,
    setup: priceList,
    call: (c, _f, _r, l) => c.priceLists.archive({ id: l.id, version: l.version }),
  }),
  row({
    path: 'priceLists.items.set',
    permission: 'products.manage',
    perOwner: false,
    setup: async (f) => ({ list: await priceList(f), product: await product(f) }),
    call: (c, _f, _r, s) =>
      c.priceLists.items.set({
        priceListId: s.list.id,
        version: s.list.version,
        items: [{ productId: s.product.id, unitPrice: 90_00 }],
      }),
  }),
  row({
    path: 'priceLists.resolve',
    permission: 'products.read',
    perOwner: false,
    setup: product,
    call: async (c, f, _r, p) => {
      const me = await c.auth.me();
      const partner = await f.admin.partners.create({
        name: `矩阵客户 ${f.uniq()}`,
        ownerId: me.id,
      });
      return c.priceLists.resolve({
        partnerId: partner.id,
        date: '2026-11-23',
        lines: [{ productId: p.id, quantity: 1000 }],
      });
    },
  }),
  row({
    path: 'paymentTerms.list',
    permission: 'products.read',
    perOwner: false,
    call: (c) => c.paymentTerms.list({}),
  }),
  row({
    path: 'paymentTerms.create',
    permission: 'products.manage',
    perOwner: false,
    call: (c, f) =>
      c.paymentTerms.create({ name: `新条款 ${f.uniq()}`, schedule: [{ ratio: 1, days: 30 }] }),
  }),
  row({
    path: 'paymentTerms.update',
    permission: 'products.manage',
    perOwner: false,
    setup: terms,
    call: (c, _f, _r, t) =>
      c.paymentTerms.update({ id: t.id, version: t.version, patch: { nameEn: 'Net 30' } }),
  }),
  row({
    path: 'paymentTerms.archive',
    permission: 'products.manage',
    perOwner: false,
    setup: terms,
    call: (c, _f, _r, t) => c.paymentTerms.archive({ id: t.id, version: t.version }),
  }),
];

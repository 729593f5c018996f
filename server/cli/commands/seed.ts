import { migrateLatest } from '../../db/migrate.ts';
import { assertScale, MAX_SCALE, seedDemo } from '../../db/seeds/index.ts';
import { configFrom, describeDatabase, parse, withDb, type Command } from '../command.ts';

export const seed: Command = {
  summary: 'add the demo company (--demo), or N times as much of it (--scale N) for benchmarks',
  help: `Usage: lodestone seed [--demo] [--scale N]

Migrates the database (reference data such as currencies comes with the migrations), then:
  --demo       adds the demo company: teams, 8 users, 60 customers, 5 suppliers, their
               contacts and addresses, a few hundred activities over the last 90 days, both
               sales pipelines, 200 leads and 150 opportunities with their history
  --scale N    implies --demo; makes N times the customers, suppliers, contacts, leads,
               opportunities and activities (1 to ${MAX_SCALE}), for benchmarks

Seeding is idempotent: what exists already is left alone, so running it twice adds nothing.`,
  async run(args, io) {
    const { values } = parse('seed', args, {
      demo: { type: 'boolean' },
      scale: { type: 'string' },
    });
    const scale = values.scale === undefined ? 1 : Number(values.scale);
    assertScale(scale); // before the database is touched
    const demo = values.demo === true || values.scale !== undefined;
    const config = configFrom(io);
    io.out(`Database: ${describeDatabase(config)}`);
    await withDb(config, async (db) => {
      await migrateLatest(db);
      if (!demo) {
        io.out('Migrated; reference data is in place. Add --demo for the demo company.');
        return;
      }
      const started = Date.now();
      const counts = await seedDemo(db, { scale });
      const added = Object.entries(counts).filter(([, n]) => n > 0);
      io.out(
        added.length
          ? `Added ${added.map(([table, n]) => `${n} ${table}`).join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s.`
          : 'The demo company is already there; nothing added.',
      );
    });
  },
};

import { asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Area, Country, Language, Subdistrict } from '../../../contracts/reference.js';
import type { AppDeps } from '../../deps.js';
import { countries, districts, languages, provinces, subdistricts } from '../../db/schema/index.js';
import { AppError } from '../../platform/errors.js';

const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });

/** Reference data (DOPA geography, ISO countries and languages), loaded by migration; read-only. */
export const referenceRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { database }) => {
  const db = database.db;
  const tags = ['reference'];
  const access = 'reference.read' as const;

  app.get('/reference/provinces', {
    config: { access }, schema: { tags, summary: 'The 77 provinces', response: { 200: items(Area) } },
  }, async () => ({ items: await db.select().from(provinces).orderBy(asc(provinces.code)) }));

  app.get('/reference/provinces/:code/districts', {
    config: { access },
    schema: { tags, summary: 'Districts of a province', params: z.object({ code: z.string().regex(/^\d{2}$/) }), response: { 200: items(Area) } },
  }, async (req) => {
    const rows = await db.select({ code: districts.code, nameTh: districts.nameTh, nameEn: districts.nameEn })
      .from(districts).where(eq(districts.provinceCode, req.params.code)).orderBy(asc(districts.code));
    if (!rows.length) throw new AppError('PROVINCE_NOT_FOUND');
    return { items: rows };
  });

  app.get('/reference/districts/:code/subdistricts', {
    config: { access },
    schema: { tags, summary: 'Sub-districts of a district', params: z.object({ code: z.string().regex(/^\d{4}$/) }), response: { 200: items(Subdistrict) } },
  }, async (req) => {
    const rows = await db.select({ code: subdistricts.code, nameTh: subdistricts.nameTh, nameEn: subdistricts.nameEn, postalCode: subdistricts.postalCode })
      .from(subdistricts).where(eq(subdistricts.districtCode, req.params.code)).orderBy(asc(subdistricts.code));
    if (!rows.length) throw new AppError('DISTRICT_NOT_FOUND');
    return { items: rows };
  });

  app.get('/reference/countries', {
    config: { access }, schema: { tags, summary: 'ISO 3166-1 countries', response: { 200: items(Country) } },
  }, async () => ({
    items: await db.select({ alpha3: countries.alpha3, alpha2: countries.alpha2, nameTh: countries.nameTh, nameEn: countries.nameEn })
      .from(countries).orderBy(asc(countries.nameEn)),
  }));

  // The public report page (no sign-in) needs the province → district picker and countries.
  app.get('/public/reference/provinces', {
    config: { access: 'public' }, schema: { tags: ['public'], summary: 'Provinces (for the public report form)', response: { 200: items(Area) } },
  }, async () => ({ items: await db.select().from(provinces).orderBy(asc(provinces.code)) }));

  app.get('/public/reference/provinces/:code/districts', {
    config: { access: 'public' },
    schema: { tags: ['public'], summary: 'Districts of a province (for the public report form)', params: z.object({ code: z.string().regex(/^\d{2}$/) }), response: { 200: items(Area) } },
  }, async (req) => {
    const rows = await db.select({ code: districts.code, nameTh: districts.nameTh, nameEn: districts.nameEn })
      .from(districts).where(eq(districts.provinceCode, req.params.code)).orderBy(asc(districts.code));
    if (!rows.length) throw new AppError('PROVINCE_NOT_FOUND');
    return { items: rows };
  });

  app.get('/public/reference/countries', {
    config: { access: 'public' }, schema: { tags: ['public'], summary: 'Countries (for the public report form)', response: { 200: items(Country) } },
  }, async () => ({
    items: await db.select({ alpha3: countries.alpha3, alpha2: countries.alpha2, nameTh: countries.nameTh, nameEn: countries.nameEn })
      .from(countries).orderBy(asc(countries.nameEn)),
  }));

  app.get('/reference/languages', {
    config: { access }, schema: { tags, summary: 'ISO 639 languages', response: { 200: items(Language) } },
  }, async () => ({ items: await db.select().from(languages).orderBy(asc(languages.nameEn)) }));
};

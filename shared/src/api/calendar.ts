/** The China working-day calendar: official holidays and make-up working days (调休上班) by year. */
import { z } from 'zod';
import { isoDate } from '../validation';
import { CalendarDate, component } from './common';

/** `:year` of /v1/calendar/:year. */
export const CalendarYearParam = z.coerce
  .number({ message: 'must be a year' })
  .int({ message: 'must be a year' })
  .min(2000, { message: 'must be 2000 or later' })
  .max(2100, { message: 'must be 2100 or earlier' });

export const CalendarYear = component(
  'CalendarYear',
  z
    .object({
      holidays: z.array(isoDate()).max(366, { message: 'at most 366 dates' }),
      workdays: z.array(isoDate()).max(366, { message: 'at most 366 dates' }).default([]).meta({ description: 'official make-up working days (调休上班)' }),
    })
    .strict(),
);
export const CalendarYearView = component(
  'CalendarYearView',
  z.object({
    year: z.number().int().optional(),
    holidays: z.array(CalendarDate).nullable().optional(),
    workdays: z.array(CalendarDate).nullable().optional(),
    source: z.enum(['override', 'library']).meta({ description: 'override: loaded by staff; library: the built-in official calendar' }).optional(),
  }),
);

import { errorConversion } from '../middlewares/error-conversion.ts';
import { t } from '../trpc.ts';

/** Anyone may call it; every other builder starts from here. */
export const publicProcedure = t.procedure.meta({ access: 'public' }).use(errorConversion);

import type { RequestHandler } from 'express';

/** Version headers the EPCIS 2.0 REST binding asks every answer to carry. */
export const epcisHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('GS1-EPCIS-Version', '2.0.0');
  res.setHeader('GS1-CBV-Version', '2.0.0');
  res.setHeader('GS1-Extensions', '');
  next();
};

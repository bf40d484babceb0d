import { publicBaseUrl } from '@/lib/env';

/** The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. */
export function openApiDocument() {
  const hash = { type: ['string', 'null'], pattern: '^[0-9a-f]{64}$' };
  const error = { $ref: '#/components/schemas/Error' };
  const errors = {
    '401': { description: 'No token, or an unknown or revoked one.', content: { 'application/json': { schema: error } } },
    '404': { description: 'Not found, or not one of the token’s volumes (the same answer).', content: { 'application/json': { schema: error } } },
    '429': {
      description: 'More than API_RATE_PER_MINUTE requests of this token in a minute.',
      headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } },
      content: { 'application/json': { schema: error } },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Publication agreement portal: proceedings pipeline API',
      version: '1',
      description:
        'Read-only access for the pipeline that builds a volume’s proceedings. Editors create tokens on Editor → API tokens, ' +
        'each for some of their volumes. Events (agreement.signed, agreement.voided, paper.published, volume.fully_signed) ' +
        'are pushed as Standard Webhooks; see the README.',
    },
    servers: [{ url: `${publicBaseUrl()}/api/v1` }],
    security: [{ bearer: [] }],
    paths: {
      '/volumes/{volume}/papers': {
        get: {
          summary: 'A volume’s papers and their agreements',
          description: 'JSON a page at a time in paper-key order; with format=csv (or Accept: text/csv) the whole volume as CSV.',
          parameters: [
            { name: 'volume', in: 'path', required: true, schema: { type: 'integer', minimum: 1 }, example: 151 },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
            { name: 'cursor', in: 'query', description: 'nextCursor of the previous page.', schema: { type: 'string' } },
            { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv'] } },
          ],
          responses: {
            '200': {
              description: 'A page of papers.',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/PapersPage' } },
                'text/csv': { schema: { type: 'string' }, example: 'key,title,corresponding_author,corresponding_email,status,signature_id,signed_at,agreement_version,text_sha256,pdf_sha256,lapses_at,published_on,publication_url' },
              },
            },
            '400': { description: 'A bad limit or cursor.', content: { 'application/json': { schema: error } } },
            ...errors,
          },
        },
      },
      '/signatures/{signatureId}/pdf': {
        get: {
          summary: 'The sealed signed-agreement PDF',
          description: 'Byte for byte as stored at signing; its SHA-256 is the record’s pdfSha256 (also in X-Content-SHA256). Active signatures only.',
          parameters: [{ name: 'signatureId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: { '200': { description: 'The PDF.', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }, ...errors },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token, pmlr_…' } },
      schemas: {
        Error: { type: 'object', required: ['error', 'message'], properties: { error: { type: 'string' }, message: { type: 'string' } } },
        Paper: {
          type: 'object',
          required: ['key', 'title', 'correspondingAuthor', 'status'],
          properties: {
            key: { type: 'string', example: 'mohtashami22a' },
            title: { type: 'string' },
            correspondingAuthor: { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } } },
            status: { type: 'string', enum: ['signed', 'awaiting', 'withdrawn'] },
            signatureId: { type: ['string', 'null'], format: 'uuid' },
            signedAt: { type: ['string', 'null'], format: 'date-time' },
            agreementVersion: { type: ['integer', 'null'] },
            textSha256: hash,
            pdfSha256: hash,
            lapsesAt: { type: ['string', 'null'], format: 'date-time', description: 'Clause 7: when the agreement ends if still unpublished.' },
            publishedOn: { type: ['string', 'null'], format: 'date' },
            publicationUrl: { type: ['string', 'null'], format: 'uri' },
          },
        },
        PapersPage: {
          type: 'object',
          required: ['volume', 'papers', 'nextCursor'],
          properties: {
            volume: {
              type: 'object',
              properties: {
                number: { type: 'integer' },
                name: { type: 'string' },
                agreementVersion: { type: ['integer', 'null'] },
                signingDeadline: { type: ['string', 'null'], format: 'date' },
                publishedOn: { type: ['string', 'null'], format: 'date' },
                proceedingsUrl: { type: ['string', 'null'], format: 'uri' },
              },
            },
            papers: { type: 'array', items: { $ref: '#/components/schemas/Paper' } },
            nextCursor: { type: ['string', 'null'] },
          },
        },
      },
    },
  };
}

/**
 * Public routes of the National Certification Authority (no sign-in: relying parties fetch them):
 *
 *   GET  /v1/pki/ca.crt              the issuing CA's certificate (DER, application/pkix-cert): the AIA caIssuers URL
 *   GET  /v1/pki/root.crt            the root CA's certificate (DER)
 *   GET  /v1/pki/chain.pem           issuing CA + root, PEM (for `openssl verify -CAfile`)
 *   GET  /v1/pki/crl                 the current CRL v2 (DER, application/pkix-crl): the certificates' CRL distribution point
 *   POST /v1/pki/ocsp                OCSP (RFC 6960): body application/ocsp-request → application/ocsp-response
 *   GET  /v1/pki/ocsp/{request}      the same, request base64 in the path (RFC 6960 A.1.1)
 *   GET  /v1/pki/certificates/{serial}  the status of one certificate (JSON; no personal data)
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import express, { Router } from 'express';
import { z } from '../api/zod';
import { ZProblemSchema } from '../api/schemas';
import { DomainError } from '../domain/errors';
import { normalizeSerial } from './crypto';
import type { NationalCertificationAuthority } from './nca';

const OCSP_REQUEST_LIMIT = '16kb';
/** A certificate serial in a path: hexadecimal, optionally colon-separated (as openssl prints it). */
const SERIAL_PATTERN = /^[0-9a-fA-F:]{1,64}$/;

export function pkiRouter(nca: NationalCertificationAuthority): Router {
  const router = Router();
  const der = (res: express.Response, type: string, body: Uint8Array | ArrayBuffer): void => {
    res.setHeader('Content-Type', type);
    res.setHeader('Cache-Control', 'no-cache');
    res.send(Buffer.from(body instanceof Uint8Array ? body : new Uint8Array(body)));
  };
  router.get('/v1/pki/ca.crt', (_req, res) => der(res, 'application/pkix-cert', nca.ca.issuing.certificate.rawData));
  router.get('/v1/pki/root.crt', (_req, res) => der(res, 'application/pkix-cert', nca.ca.root.certificate.rawData));
  router.get('/v1/pki/chain.pem', (_req, res) => {
    res.type('application/x-pem-file').send(nca.ca.chainPem());
  });
  router.get('/v1/pki/crl', async (_req, res) => {
    const crl = await nca.currentCrl();
    res.setHeader('Last-Modified', crl.thisUpdate.toUTCString());
    res.setHeader('Expires', crl.nextUpdate.toUTCString());
    der(res, 'application/pkix-crl', crl.der);
  });
  router.post('/v1/pki/ocsp', express.raw({ type: 'application/ocsp-request', limit: OCSP_REQUEST_LIMIT }), async (req, res) => {
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
      throw new DomainError('VALIDATION_FAILED', 'send a DER OCSPRequest with Content-Type: application/ocsp-request', [
        { field: 'body', message: 'no OCSP request' },
      ]);
    }
    der(res, 'application/ocsp-response', await nca.ocsp(new Uint8Array(req.body)));
  });
  router.get('/v1/pki/ocsp/:request', async (req, res) => {
    const b64 = decodeURIComponent(req.params.request ?? '');
    der(res, 'application/ocsp-response', await nca.ocsp(new Uint8Array(Buffer.from(b64, 'base64'))));
  });
  router.get('/v1/pki/certificates/:serial', async (req, res) => {
    const serial = req.params.serial ?? '';
    if (!SERIAL_PATTERN.test(serial)) {
      throw new DomainError('VALIDATION_FAILED', 'the serial number is hexadecimal', [
        { field: 'path.serial', message: 'not hexadecimal' },
      ]);
    }
    const c = await nca.store.get(normalizeSerial(serial));
    if (!c)
      throw new DomainError('NOT_FOUND', `no certificate ${serial} issued by the NCA`, [
        { field: 'path.serial', message: 'unknown serial' },
      ]);
    res.json({
      serial: c.serial,
      profile: c.profile,
      status: c.status,
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
      ...(c.revokedAt ? { revokedAt: c.revokedAt.toISOString(), revocationReason: c.revocationReason } : {}),
    });
  });
  return router;
}

export function registerPkiOpenApiPaths(registry: OpenAPIRegistry): void {
  const binary = (type: string, description: string): { description: string; content: Record<string, { schema: z.ZodType }> } => ({
    description,
    content: { [type]: { schema: z.string().openapi({ format: 'binary' }) } },
  });
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ZProblemSchema } } });
  const tags = ['pki'];
  registry.registerPath({
    method: 'get',
    path: '/v1/pki/ca.crt',
    summary: "The NCA issuing CA's certificate (the AIA caIssuers URL of every certificate it issues)",
    tags,
    responses: { 200: binary('application/pkix-cert', 'DER certificate') },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/pki/root.crt',
    summary: "The NCA root CA's certificate",
    tags,
    responses: { 200: binary('application/pkix-cert', 'DER certificate') },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/pki/chain.pem',
    summary: 'Issuing CA and root CA, PEM (openssl verify -CAfile)',
    tags,
    responses: { 200: { description: 'PEM', content: { 'application/x-pem-file': { schema: z.string() } } } },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/pki/crl',
    summary: 'The list of revoked registration certificates (seed 002 ¶6(2)): CRL v2, DER; the CRL distribution point',
    tags,
    responses: { 200: binary('application/pkix-crl', 'DER CRL v2 with cRLNumber, reasonCode, thisUpdate/nextUpdate, AKI') },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/pki/ocsp',
    summary: 'OCSP responder (RFC 6960): good, revoked (time and reason) or unknown; the AIA OCSP URL',
    tags,
    request: {
      body: { required: true, content: { 'application/ocsp-request': { schema: z.string().min(1).openapi({ format: 'binary' }) } } },
    },
    responses: {
      // A body that is not a DER OCSPRequest is answered 200 with the OCSP status malformedRequest (RFC 6960 §4.2.1).
      200: binary('application/ocsp-response', 'DER OCSPResponse signed by the issuing CA'),
      400: problem('VALIDATION_FAILED: no request body'),
      413: problem(`PAYLOAD_TOO_LARGE: over ${OCSP_REQUEST_LIMIT}`),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/pki/ocsp/{request}',
    summary: 'OCSP by GET (RFC 6960 A.1): the DER request, base64 and URL-encoded',
    tags,
    request: { params: z.object({ request: z.string().openapi({ example: 'MEIwQDA%2BMDwwOjAJBgUrDgMCGgUABBQ' }) }) },
    responses: { 200: binary('application/ocsp-response', 'DER OCSPResponse') },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/pki/certificates/{serial}',
    summary: 'Status of one NCA certificate (no personal data)',
    tags,
    request: { params: z.object({ serial: z.string().regex(SERIAL_PATTERN).openapi({ example: '4d0a3c70e4506e7471b36ca35f822b47' }) }) },
    responses: {
      200: {
        description: 'status',
        content: {
          'application/json': {
            schema: z.object({
              serial: z.string(),
              profile: z.string(),
              status: z.enum(['good', 'revoked']),
              notBefore: z.string(),
              notAfter: z.string(),
              revokedAt: z.string().optional(),
              revocationReason: z.string().optional(),
            }),
          },
        },
      },
      400: problem('VALIDATION_FAILED: not a hexadecimal serial'),
      404: problem('NOT_FOUND: not issued by the NCA'),
    },
  });
}

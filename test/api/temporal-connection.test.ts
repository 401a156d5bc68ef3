import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { temporalConnectionOptions, toDomainError } from '../../api/temporal-case-gateway';
import { loadConfig } from '../../config';

describe('connection options from config', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-tls-'));
  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };
  const ca = file('ca.pem', 'CA');
  const crt = file('client.pem', 'CRT');
  const key = file('client.key', 'KEY');

  test('the local dev server: plain, no TLS', () => {
    expect(temporalConnectionOptions(loadConfig({}).temporal)).toEqual({ address: '127.0.0.1:7233', tls: false });
  });

  test('mTLS: CA, client certificate and key read from the files, server name override', () => {
    const opts = temporalConnectionOptions(
      loadConfig({
        TEMPORAL_ADDRESS: 'ns.a1b2c.tmprl.cloud:7233',
        TEMPORAL_TLS_CA_PATH: ca,
        TEMPORAL_TLS_CERT_PATH: crt,
        TEMPORAL_TLS_KEY_PATH: key,
        TEMPORAL_TLS_SERVER_NAME: 'ns.a1b2c.tmprl.cloud',
      }).temporal,
    );
    expect(opts.address).toBe('ns.a1b2c.tmprl.cloud:7233');
    expect(opts.tls).toEqual({
      serverRootCACertificate: Buffer.from('CA'),
      clientCertPair: { crt: Buffer.from('CRT'), key: Buffer.from('KEY') },
      serverNameOverride: 'ns.a1b2c.tmprl.cloud',
    });
  });

  test('an API key implies TLS and is passed on', () => {
    const opts = temporalConnectionOptions(
      loadConfig({ TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233', TEMPORAL_API_KEY: 'tk_123' }).temporal,
    );
    expect(opts).toEqual({ address: 'eu-west-1.aws.api.temporal.io:7233', tls: {}, apiKey: 'tk_123' });
  });

  test('a certificate without its key is refused at startup with the variable names', () => {
    expect(() => temporalConnectionOptions(loadConfig({ TEMPORAL_TLS_CERT_PATH: crt }).temporal)).toThrow(
      'TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH must be given together',
    );
  });
});

describe("Temporal's errors in the API's words", () => {
  test('a validator refusal (plain Error) → ACTION_NOT_ALLOWED_NOW with its message', () => {
    const e = toDomainError(
      new WorkflowUpdateFailedError(
        'Workflow Update failed',
        ApplicationFailure.create({ message: 'the fee is already paid', type: 'Error' }),
      ),
      'w',
    );
    expect([e.code, e.message]).toEqual(['ACTION_NOT_ALLOWED_NOW', 'the fee is already paid']);
  });

  test('an ApplicationFailure typed with a DomainError code keeps the code and its field details', () => {
    const cause = ApplicationFailure.create({
      message: 'reason required',
      type: 'VALIDATION_FAILED',
      details: [[{ field: 'reason', message: 'required' }]],
    });
    const e = toDomainError(new WorkflowUpdateFailedError('Workflow Update failed', cause), 'w');
    expect([e.code, e.message, e.details]).toEqual(['VALIDATION_FAILED', 'reason required', [{ field: 'reason', message: 'required' }]]);
  });

  test('no workflow → UNKNOWN_APPLICATION; update RPC timeout → UPSTREAM_UNAVAILABLE; anything else → INTERNAL', () => {
    expect(toDomainError(new WorkflowNotFoundError('not found', 'w-1', undefined), 'w-1').code).toBe('UNKNOWN_APPLICATION');
    expect(toDomainError(new WorkflowUpdateRPCTimeoutOrCancelledError('timed out'), 'w').code).toBe('UPSTREAM_UNAVAILABLE');
    expect(toDomainError(new RangeError('boom'), 'w').code).toBe('INTERNAL');
  });

  // The fault suite met these as HTTP 500 "Workflow Update failed" right after a worker kill or a Temporal
  // restart: the client wraps the server's gRPC answer in a ServiceError.
  const grpc = (code: number, details: string) => Object.assign(new Error(details), { code, details, metadata: {} });
  test.each([
    [1, 'CANCELLED'],
    [4, 'DEADLINE_EXCEEDED'],
    [8, 'RESOURCE_EXHAUSTED'],
    [10, 'ABORTED'],
    [14, 'UNAVAILABLE'],
  ])('an Update the server answers with gRPC %i (%s) → UPSTREAM_UNAVAILABLE (503, ask again)', (code, name) => {
    const e = toDomainError(new ServiceError('Workflow Update failed', { cause: grpc(code, 'workflow update was aborted') }), 'w');
    expect(e.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(e.message).toContain(name);
  });

  test('an Update refused while the workflow task is being retried (gRPC 9, "Workflow Task in failed state") → UPSTREAM_UNAVAILABLE', () => {
    const refused = grpc(9, 'Unable to perform workflow execution update due to Workflow Task in failed state.');
    const e = toDomainError(new ServiceError('Workflow Update failed', { cause: refused }), 'w');
    expect(e.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(e.message).toContain('workflow task recovers');
    // Another FAILED_PRECONDITION is not a "not now".
    expect(toDomainError(new ServiceError('x', { cause: grpc(9, 'something else') }), 'w').code).toBe('INTERNAL');
  });

  test('any other gRPC answer wrapped by the client stays INTERNAL and names its code', () => {
    const e = toDomainError(new ServiceError('Workflow Update failed', { cause: grpc(3, 'bad request') }), 'w');
    expect([e.code, e.message]).toEqual(['INTERNAL', 'Temporal answered gRPC code 3: bad request']);
  });
});

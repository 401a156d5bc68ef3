/**
 * Issue 15 item 3: the worker's workflow cache is bounded by configuration (WORKER_MAX_CACHED_WORKFLOWS and
 * the slots beside it), and the configured bound is what the worker hands to the SDK's Worker.create.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { ConfigError, loadConfig, workerNodeArgs } from '../../config';
import { createWorker, limitWorkflowHeap, workerTuning } from '../../worker';

describe('worker tuning', () => {
  it('bounds the workflow cache by default (the SDK would derive ~2,300 cases from a 4 GB heap)', () => {
    expect(workerTuning(loadConfig({}))).toEqual({
      maxCachedWorkflows: 100,
      maxConcurrentWorkflowTaskExecutions: 40,
      maxConcurrentActivityTaskExecutions: 100,
      stickyQueueScheduleToStartTimeout: 10_000,
    });
  });

  it('takes each setting from the environment', () => {
    const env = {
      WORKER_MAX_CACHED_WORKFLOWS: '100',
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '20',
      WORKER_MAX_CONCURRENT_ACTIVITIES: '50',
      WORKER_STICKY_QUEUE_TIMEOUT: '2m',
    };
    expect(workerTuning(loadConfig(env))).toEqual({
      maxCachedWorkflows: 100,
      maxConcurrentWorkflowTaskExecutions: 20,
      maxConcurrentActivityTaskExecutions: 50,
      stickyQueueScheduleToStartTimeout: 120_000,
    });
  });

  it('keeps workflow-task slots within the cache (the SDK refuses more), unless the cache is off', () => {
    expect(workerTuning(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '10' })).maxConcurrentWorkflowTaskExecutions).toBe(10);
    expect(workerTuning(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '0' }))).toMatchObject({
      maxCachedWorkflows: 0,
      maxConcurrentWorkflowTaskExecutions: 40,
    });
  });

  it("limits the heap of the workflow thread and the worker's main thread (384 MB by default; 0 leaves Node's)", () => {
    const flags: string[] = [];
    limitWorkflowHeap(loadConfig({}), (f) => flags.push(f));
    limitWorkflowHeap(loadConfig({ WORKER_HEAP_MB: '0' }), (f) => flags.push(f));
    limitWorkflowHeap(loadConfig({ WORKER_HEAP_MB: '300' }), (f) => flags.push(f));
    expect(flags).toEqual(['--max-old-space-size=384', '--max-old-space-size=300']);
    expect(workerNodeArgs(loadConfig({}))).toEqual(['--max-old-space-size=384']);
    expect(workerNodeArgs(loadConfig({ WORKER_HEAP_MB: '0' }))).toEqual([]);
  });

  it('refuses a bad value, naming the variable', () => {
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '-1' })).toThrow(ConfigError);
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: 'many' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
    expect(() => loadConfig({ WORKER_STICKY_QUEUE_TIMEOUT: '10 seconds' })).toThrow(/WORKER_STICKY_QUEUE_TIMEOUT/);
  });

  it('hands the configured bound to Worker.create', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-worker-tuning-'));
    const config = loadConfig({
      APP_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      ADAPTERS: 'fake',
      WORKER_MAX_CACHED_WORKFLOWS: '123',
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '7',
    });
    let seen: WorkerOptions | undefined;
    const connect = jest
      .spyOn(NativeConnection, 'connect')
      .mockResolvedValue({ close: async () => undefined } as unknown as NativeConnection);
    const create = jest.spyOn(Worker, 'create').mockImplementation(async (options) => {
      seen = options;
      throw new Error('stop here: the options are what this test reads');
    });
    try {
      await expect(createWorker(config)).rejects.toThrow('stop here');
      expect(seen).toMatchObject({
        maxCachedWorkflows: 123,
        maxConcurrentWorkflowTaskExecutions: 7,
        maxConcurrentActivityTaskExecutions: 100,
      });
    } finally {
      create.mockRestore();
      connect.mockRestore();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

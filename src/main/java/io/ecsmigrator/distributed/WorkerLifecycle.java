package io.ecsmigrator.distributed;

import org.springframework.context.SmartLifecycle;

/**
 * The worker's registration and heartbeat. Its phase is below the request container's, so it
 * starts before the first request is taken and stops after the last one was handed back.
 */
class WorkerLifecycle implements SmartLifecycle {

	private final WorkerRegistry registry;

	private final WorkerIdentity worker;

	private final WorkerHeartbeat heartbeat;

	private final String version;

	private final int concurrency;

	private volatile boolean running;

	WorkerLifecycle(WorkerRegistry registry, WorkerIdentity worker, WorkerHeartbeat heartbeat, String version,
			int concurrency) {
		this.registry = registry;
		this.worker = worker;
		this.heartbeat = heartbeat;
		this.version = version;
		this.concurrency = concurrency;
	}

	@Override
	public void start() {
		this.registry.register(this.worker, this.version, this.concurrency);
		this.heartbeat.start();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.heartbeat.close();
		this.registry.stopped(this.worker.id());
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return 0;
	}

}

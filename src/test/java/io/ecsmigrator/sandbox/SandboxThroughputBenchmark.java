package io.ecsmigrator.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesRequest;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test: how many signed ECS calls a second the sandbox answers on this machine,
 * client and server sharing its cores. Run it with
 * {@code ./mvnw test -Dtest=SandboxThroughputBenchmark -Dmigrator.test.excluded-groups=none}.
 */
@Tag("benchmark")
class SandboxThroughputBenchmark {

	private static final int GOAL = 2_000;

	@Test
	void signedEcsCallsPerSecond() throws Exception {
		Scenario scenario = Scenarios.scenario().region("cn-hangzhou").build();
		try (SandboxServer sandbox = SandboxServer.start(scenario, 0)) {
			DefaultAcsClient client = SandboxClients.ecs();
			for (int clients : new int[] { 4, 16 }) {
				run(sandbox, client, clients, 3_000); // warm-up
				double rate = run(sandbox, client, clients, 10_000);
				System.out.printf("sandbox: %d client threads: %,.0f signed DescribeImages calls/s = %.2f x the goal of %,d/s%n",
						clients, rate, rate / GOAL, GOAL);
			}
		}
	}

	private static double run(SandboxServer sandbox, DefaultAcsClient client, int threads, long millis)
			throws Exception {
		AtomicLong calls = new AtomicLong();
		long end = System.currentTimeMillis() + millis;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<Future<?>> futures = new ArrayList<>();
		long start = System.nanoTime();
		for (int t = 0; t < threads; t++) {
			futures.add(pool.submit(() -> {
				while (System.currentTimeMillis() < end) {
					DescribeImagesRequest request = new DescribeImagesRequest();
					request.setSysEndpoint(sandbox.endpoint());
					request.setSysRegionId("cn-hangzhou");
					request.setStatus("Creating,Available");
					client.getAcsResponse(request);
					calls.incrementAndGet();
				}
				return null;
			}));
		}
		for (Future<?> future : futures) {
			future.get();
		}
		pool.shutdown();
		return calls.get() / ((System.nanoTime() - start) / 1e9);
	}

}

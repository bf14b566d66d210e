package io.ecsmigrator.submit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.aliyuncs.ecs.model.v20140526.ImportImageRequest;
import io.ecsmigrator.cloud.CloudClients;
import io.ecsmigrator.images.PlanTag;
import io.ecsmigrator.job.RunStopper;
import io.ecsmigrator.sandbox.MutableClock;
import io.ecsmigrator.sandbox.SandboxServer;
import io.ecsmigrator.sandbox.Scenario;
import io.ecsmigrator.support.SandboxCloud;
import io.ecsmigrator.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The cap on imports in flight, counted in the cloud by this project's tag. Whether the gate waited
 * is read from its looks at the cloud (a wait is a look again), not from the wall clock, which a
 * busy machine stretches.
 */
@Timeout(60)
class InFlightGateTests {

	private SandboxServer sandbox;

	private CloudClients clients;

	private final MutableClock clock = new MutableClock();

	@BeforeEach
	void start() throws Exception {
		this.sandbox = SandboxServer.start(Scenarios.scenario()
			.region("cn-hangzhou")
			.bucket("disks-hz", "cn-hangzhou")
			.object("web.qcow2", Scenario.DiskKind.QCOW2, 40)
			.importSeconds(1)
			.seed(3)
			.build(), 0, this.clock);
		SandboxCloud.useCredentials("testAK", "testSecret");
		this.clients = new CloudClients(SandboxCloud.properties(this.sandbox, "V4", 3));
	}

	@AfterEach
	void stop() {
		this.clients.destroy();
		SandboxCloud.clearCredentials();
		this.sandbox.close();
	}

	private void importTagged(String name, boolean ours) throws Exception {
		ImportImageRequest request = this.clients.ecs(new ImportImageRequest(), "cn-hangzhou");
		request.setImageName(name);
		ImportImageRequest.DiskDeviceMapping disk = new ImportImageRequest.DiskDeviceMapping();
		disk.setOSSBucket("disks-hz");
		disk.setOSSObject("web.qcow2");
		request.setDiskDeviceMappings(List.of(disk));
		if (ours) {
			ImportImageRequest.Tag tag = new ImportImageRequest.Tag();
			tag.setKey(PlanTag.KEY);
			tag.setValue("wave.csv");
			request.setTags(List.of(tag));
		}
		this.clients.acs().getAcsResponse(request);
	}

	@Test
	void atTheCapItWaitsUntilAnImportOfOursEnds() throws Exception {
		importTagged("ours-1", true);
		importTagged("ours-2", true);
		importTagged("not-ours", false);
		InFlightGate gate = new InFlightGate(this.clients, this.clients.retrier(), 2, Duration.ofMillis(100), 1);
		CompletableFuture<InFlightGate.Slot> entered = CompletableFuture.supplyAsync(() -> {
			try {
				return gate.enter("cn-hangzhou");
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		// the sandbox's clock stands still: ours import until the test moves it
		while (this.sandbox.counters().calls("DescribeImages") < 3) {
			assertThat(entered).as("two of ours are importing: it waits and looks again").isNotDone();
			Thread.sleep(20);
		}
		this.clock.advance(Duration.ofSeconds(2));
		entered.get(30, TimeUnit.SECONDS).keep();
		assertThat(this.sandbox.counters().calls("ImportImage")).isEqualTo(3);
	}

	@Test
	void belowTheCapItCountsWhatItLetThroughWithoutAsking() throws Exception {
		importTagged("not-ours", false);
		InFlightGate gate = new InFlightGate(this.clients, this.clients.retrier(), 3, Duration.ofMillis(100), 1);
		gate.enter("cn-hangzhou").keep();
		InFlightGate.Slot notStarted = gate.enter("cn-hangzhou");
		notStarted.close();
		notStarted.close(); // a slot gives its room back once
		gate.enter("cn-hangzhou").keep();
		gate.enter("cn-hangzhou").keep();
		// a wait would have looked again: one look means others' imports did not count and none waited
		assertThat(this.sandbox.counters().calls("DescribeImages")).as("asked once, then counted").isEqualTo(1);
	}

	@Test
	void atTheCapByItsOwnCountItLooksBeforeItWaits() throws Exception {
		// its count holds the two it let through; the cloud has none of ours importing (they ended)
		InFlightGate gate = new InFlightGate(this.clients, this.clients.retrier(), 2, Duration.ofHours(1), 1);
		gate.enter("cn-hangzhou").keep();
		gate.enter("cn-hangzhou").keep();
		CompletableFuture<InFlightGate.Slot> third = CompletableFuture.supplyAsync(() -> {
			try {
				return gate.enter("cn-hangzhou");
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		// waiting first would take the poll interval, an hour
		third.get(30, TimeUnit.SECONDS).keep();
		assertThat(this.sandbox.counters().calls("DescribeImages")).as("the first look, and one at the cap").isEqualTo(2);
	}

	@Test
	void atTheCapAKeptSlotHoldsItsRoom() throws Exception {
		InFlightGate gate = new InFlightGate(this.clients, this.clients.retrier(), 1, Duration.ofMillis(100), 1);
		try (InFlightGate.Slot slot = gate.enter("cn-hangzhou")) {
			slot.keep();
		}
		Thread waiting = new Thread(() -> {
			try {
				gate.enter("cn-hangzhou");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		waiting.start();
		// nothing of ours is importing in the cloud, so the next look frees the room: until then it waits
		waiting.join();
		assertThat(this.sandbox.counters().calls("DescribeImages")).as("it waited for a look").isEqualTo(2);
	}

	/**
	 * Ctrl-C while waiting at the cap, with a poll interval of an hour: the wait ends by the stop, with
	 * no room taken and no look after it (a wait ended by its time would have looked again).
	 */
	@Test
	void aStopEndsTheWaitAtTheCap() throws Exception {
		importTagged("ours-1", true);
		RunStopper stopper = new RunStopper(null, null); // no launch to stop: only its waits
		InFlightGate gate = new InFlightGate(this.clients, this.clients.retrier(), 1, Duration.ofHours(1), 1, stopper);
		CompletableFuture<InFlightGate.Slot> entered = CompletableFuture.supplyAsync(() -> {
			try {
				return gate.enter("cn-hangzhou");
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		while (this.sandbox.counters().calls("DescribeImages") < 1) {
			Thread.sleep(20);
		}
		stopper.request();
		ExecutionException ended = catchThrowableOfType(ExecutionException.class, () -> entered.get(30, TimeUnit.SECONDS));
		assertThat(ended.getCause()).isInstanceOf(InFlightGate.Stopped.class);
		assertThat(this.sandbox.counters().calls("DescribeImages")).as("one look, none after the stop").isEqualTo(1);
		assertThat(this.sandbox.counters().calls("ImportImage")).isEqualTo(1);
	}

	/**
	 * The submitter halts the gate (an account error, a sender's failure) while two threads wait for
	 * room, with a poll interval of an hour: both leave at once with no room taken, the one asleep at
	 * the cap and the one queued behind it, and neither looks again.
	 */
	@Test
	void aHaltEndsEveryWaitAtTheCap() throws Exception {
		importTagged("ours-1", true);
		InFlightGate gate = new InFlightGate(this.clients, this.clients.retrier(), 1, Duration.ofHours(1), 1);
		List<CompletableFuture<InFlightGate.Slot>> waiting = List.of(entering(gate), entering(gate));
		while (this.sandbox.counters().calls("DescribeImages") < 1) {
			Thread.sleep(20);
		}
		gate.halt();
		for (CompletableFuture<InFlightGate.Slot> entered : waiting) {
			ExecutionException ended = catchThrowableOfType(ExecutionException.class,
					() -> entered.get(30, TimeUnit.SECONDS));
			assertThat(ended.getCause()).isInstanceOf(InFlightGate.Stopped.class);
		}
		assertThat(this.sandbox.counters().calls("DescribeImages")).as("one look, none after the halt").isEqualTo(1);
	}

	private static CompletableFuture<InFlightGate.Slot> entering(InFlightGate gate) {
		CompletableFuture<InFlightGate.Slot> entered = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				entered.complete(gate.enter("cn-hangzhou"));
			}
			catch (Throwable ex) {
				entered.completeExceptionally(ex);
			}
		});
		thread.setDaemon(true);
		thread.start();
		return entered;
	}

}

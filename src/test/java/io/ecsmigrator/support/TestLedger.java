package io.ecsmigrator.support;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ecsmigrator.inventory.PlannedDisk;
import io.ecsmigrator.inventory.PlannedImage;
import io.ecsmigrator.ledger.ImageChange;
import io.ecsmigrator.ledger.ImageRepository;
import io.ecsmigrator.ledger.ImageStatus;

import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;

/**
 * A ledger prepared for a test: images of one disk each, moved through the status machine to the
 * status a test starts from, as the steps before would have left them.
 */
public final class TestLedger {

	private final ImageRepository images;

	private final long runId;

	private TestLedger(ImageRepository images, long runId) {
		this.images = images;
		this.runId = runId;
	}

	public static TestLedger of(ImageRepository images, long runId) {
		return new TestLedger(images, runId);
	}

	/**
	 * The run id of the next job instance the repository creates: a step launched alone
	 * ({@code JobOperatorTestUtils.startStep}) runs in a job instance of its own, and the ledger's run
	 * id is the instance's id. Creates a throw-away instance to learn where the sequence stands; a
	 * test checks the launched execution's instance id against it.
	 */
	public static long nextRunId(JobRepository jobRepository) {
		return jobRepository
			.createJobInstance("ledger-probe",
					new JobParametersBuilder().addString("probe", UUID.randomUUID().toString()).toJobParameters())
			.getInstanceId() + 1;
	}

	public long runId() {
		return this.runId;
	}

	/** An image of one disk, {@code bucket/object} in {@code region}, moved to {@code status}. */
	public void image(int firstLine, String region, String name, String bucket, String object, ImageStatus status,
			ImageChange last) {
		this.images.insertPlanned(this.runId, List.of(new PlannedImage(firstLine, region, name,
				String.valueOf(firstLine), 1, Map.of(),
				List.of(new PlannedDisk(firstLine, 1, bucket, object, null, null)), List.of())));
		List<ImageStatus> path = switch (status) {
			case PLANNED -> List.of();
			case VERIFIED -> List.of(ImageStatus.VERIFIED);
			case SUBMITTING -> List.of(ImageStatus.VERIFIED, ImageStatus.SUBMITTING);
			case SUBMITTED -> List.of(ImageStatus.VERIFIED, ImageStatus.SUBMITTING, ImageStatus.SUBMITTED);
			default -> throw new IllegalArgumentException("not a status a test starts from: " + status);
		};
		ImageStatus at = ImageStatus.PLANNED;
		for (int i = 0; i < path.size(); i++) {
			ImageChange change = (i == path.size() - 1 && last != null) ? last : ImageChange.ok();
			if (!this.images.transition(this.runId, firstLine, at, path.get(i), change)) {
				throw new IllegalStateException("image " + firstLine + " did not move to " + path.get(i));
			}
			at = path.get(i);
		}
	}

	public void image(int firstLine, String region, String name, String bucket, String object, ImageStatus status) {
		image(firstLine, region, name, bucket, object, status, null);
	}

}

package io.ecsmigrator.submit;

import io.ecsmigrator.ledger.ImageChange;
import io.ecsmigrator.ledger.ImageStatus;

/**
 * What became of one image's import: the move its ledger row makes, with the cloud's answer.
 *
 * @param firstLine the image
 * @param from where the row stands now ({@code SUBMITTING} once the intent is committed)
 * @param to where it goes
 */
public record Submission(int firstLine, ImageStatus from, ImageStatus to, ImageChange change) {
}

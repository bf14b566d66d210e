package io.ecsmigrator.ledger;

/**
 * An image as the console names it at the end of a run: where it is in the inventory, and what the
 * ledger says of it.
 *
 * @param firstLine the image's first inventory line
 * @param lines its inventory lines, e.g. {@code 3-5;9}
 * @param message its error message, or the note of an image imported before; {@code null} if none
 */
public record ImageMessage(int firstLine, String lines, String imageName, String region, ImageStatus status,
		String imageId, String errorCode, String message) {


	/** Where the image is, as messages say it: {@code line 3} or {@code lines 4-6;9}. */
	public String where() {
		return this.lines.matches("\\d+") ? "line " + this.lines : "lines " + this.lines;
	}

}

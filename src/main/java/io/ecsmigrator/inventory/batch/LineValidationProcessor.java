package io.ecsmigrator.inventory.batch;

import io.ecsmigrator.inventory.DiskLineValidator;
import io.ecsmigrator.inventory.RawLine;
import io.ecsmigrator.inventory.StagedLine;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Validates each line as it is read; an invalid line is staged with its errors, never dropped. */
class LineValidationProcessor implements ItemProcessor<RawLine, StagedLine> {

	private final DiskLineValidator validator;

	LineValidationProcessor(DiskLineValidator validator) {
		this.validator = validator;
	}

	@Override
	public StagedLine process(RawLine line) {
		return this.validator.validate(line);
	}

}

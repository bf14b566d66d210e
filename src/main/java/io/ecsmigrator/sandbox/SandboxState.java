package io.ecsmigrator.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * What a sandbox keeps across its own restart: the images it imported, the id sequence, and the
 * import counters that prove there was no duplicate.
 */
record SandboxState(long sequence, List<SimulatedImage> images, Map<String, Long> importCalls,
		Map<String, Long> createdImages) {

	SandboxState {
		images = (images != null) ? List.copyOf(images) : List.of();
		importCalls = (importCalls != null) ? Map.copyOf(importCalls) : Map.of();
		createdImages = (createdImages != null) ? Map.copyOf(createdImages) : Map.of();
	}

	static final SandboxState EMPTY = new SandboxState(0, null, null, null);

	/** Where the state lives: a file, or nowhere (a sandbox that forgets when it stops). */
	interface Store {

		SandboxState load();

		void save(SandboxState state);

		static Store none() {
			return new Store() {

				@Override
				public SandboxState load() {
					return EMPTY;
				}

				@Override
				public void save(SandboxState state) {
				}

			};
		}

		/** A JSON file, written whole beside itself and moved into place, so a crash never leaves half. */
		static Store file(Path file) {
			JsonMapper json = JsonMapper.builder().build();
			return new Store() {

				@Override
				public SandboxState load() {
					if (!Files.exists(file)) {
						return EMPTY;
					}
					try {
						return json.readValue(Files.readString(file), SandboxState.class);
					}
					catch (IOException ex) {
						throw new UncheckedIOException("cannot read the sandbox state " + file, ex);
					}
				}

				@Override
				public void save(SandboxState state) {
					Path partial = file.resolveSibling(file.getFileName() + ".partial");
					try {
						Files.writeString(partial, json.writeValueAsString(state));
						Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
					}
					catch (IOException ex) {
						throw new UncheckedIOException("cannot write the sandbox state " + file, ex);
					}
				}

			};
		}

	}

}

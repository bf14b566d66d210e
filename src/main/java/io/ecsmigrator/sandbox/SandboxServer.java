package io.ecsmigrator.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local Alibaba Cloud that the official SDKs talk to unchanged over HTTP on 127.0.0.1, with real
 * signature checks. It serves the ECS and RAM RPC APIs at {@code /} and OSS path-style at
 * {@code /bucket/key}.
 * <p>
 * The JDK's own HTTP server, deliberately: the sandbox needs plain request/response handling on
 * loopback, no servlet stack, and must start in a test in milliseconds.
 */
public final class SandboxServer implements AutoCloseable {

	/** The action name that {@link #hold} gives every OSS request. */
	public static final String OSS = "OSS";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static {
		// The JDK server writes headers and body apart; with Nagle's algorithm on, each answer then
		// waits for the client's delayed ACK (~40 ms): 89 calls/s instead of thousands. Read once,
		// when the server's configuration class loads, so it is set before the first server starts.
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
	}

	private final HttpServer server;

	private final ExecutorService executor;

	private final Scenario scenario;

	private final SandboxCounters counters = new SandboxCounters();

	private final EcsService ecs;

	private final OssService oss;

	private final RamService ram;

	private final QuotaCenterService quotaCenter;

	private final Faults faults;

	private final Map<String, CallHold> holds = new java.util.concurrent.ConcurrentHashMap<>();

	private final Map<String, Refusal> refusals = new java.util.concurrent.ConcurrentHashMap<>();

	/** The next {@code left} calls of an action are answered this error (see {@link #failNext}). */
	private record Refusal(java.util.concurrent.atomic.AtomicInteger left, int status, String code, String message) {
	}

	private final RequestTime requestTime;

	private SandboxServer(Scenario scenario, int port, Clock machineClock, SandboxState.Store store) throws IOException {
		this.scenario = scenario;
		Clock clock = Clock.offset(machineClock, java.time.Duration.ofSeconds(scenario.clockOffsetSeconds()));
		this.requestTime = new RequestTime(clock, scenario.checkTimestamps());
		this.ecs = new EcsService(scenario, clock, this.counters, store);
		this.faults = new Faults(scenario);
		this.oss = new OssService(scenario, this.counters, this.faults, this.requestTime);
		this.ram = new RamService(scenario);
		this.quotaCenter = new QuotaCenterService(scenario, this.ecs);
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
		// threads mostly wait out injected latency, so there are many: 300 ms at 500 calls/s is 150 at once
		this.executor = Executors.newFixedThreadPool(256, runnable -> {
			Thread thread = new Thread(runnable, "sandbox-http");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::serve);
		this.server.start();
	}

	/** Starts a sandbox on 127.0.0.1; port 0 picks a free one. */
	public static SandboxServer start(Scenario scenario, int port) throws IOException {
		return start(scenario, port, Clock.systemUTC());
	}

	public static SandboxServer start(Scenario scenario, int port, Clock clock) throws IOException {
		return new SandboxServer(scenario, port, clock, SandboxState.Store.none());
	}

	/**
	 * Starts a sandbox that keeps its images and import counters in {@code stateFile}, and takes
	 * them up again from there, so that it survives its own restart.
	 */
	public static SandboxServer start(Scenario scenario, int port, Path stateFile) throws IOException {
		return new SandboxServer(scenario, port, Clock.systemUTC(), SandboxState.Store.file(stateFile));
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	/** {@code 127.0.0.1:PORT}, as the SDKs take an endpoint. */
	public String endpoint() {
		return "127.0.0.1:" + port();
	}

	public SandboxCounters counters() {
		return this.counters;
	}

	public Scenario scenario() {
		return this.scenario;
	}

	/**
	 * Holds the calls of an action (an RPC action such as {@code ImportImage}, or {@link #OSS} for
	 * every OSS request) from the {@code afterCalls + 1}-th call on, until the returned hold is
	 * released or dropped. In-process only: a test's way to stop a client at a moment it names.
	 */
	public CallHold hold(String action, int afterCalls) {
		CallHold hold = new CallHold(action, afterCalls);
		this.holds.put(action, hold);
		return hold;
	}

	/**
	 * Answers the next {@code calls} calls of an RPC action with an error instead of carrying them
	 * out, and carries out the calls after them as usual: a passing outage of one API (503
	 * {@code ServiceUnavailable}) or a refusal ({@code 403 Forbidden.RAM}) aimed at one action, where
	 * the scenario's seeded faults strike every action alike. Counted in {@link SandboxCounters#faults()}
	 * as {@code action code}. In-process only, like {@link #hold}.
	 */
	public void failNext(String action, int calls, int status, String code, String message) {
		this.refusals.put(action,
				new Refusal(new java.util.concurrent.atomic.AtomicInteger(calls), status, code, message));
	}

	/**
	 * Deletes the named image of a region behind the migrator's back, as an operator in the console
	 * would; its import task stays, {@code Finished}. A test hook, in-process only.
	 *
	 * @return whether there was such an image
	 */
	public boolean deleteImage(String region, String name) {
		return this.ecs.deleteBehindTheBack(region, name);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void serve(HttpExchange exchange) throws IOException {
		try (exchange) {
			String requestId = UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
			if (exchange.getRequestURI().getPath().equals("/_sandbox/counters")) {
				respond(exchange, 200, this.counters.all());
				return;
			}
			String body = readBody(exchange.getRequestBody());
			RpcRequest request = RpcRequest.parse(exchange.getRequestMethod(), exchange.getRequestURI().getRawQuery(),
					isForm(exchange) ? body : null);
			if (!exchange.getRequestURI().getPath().equals("/") || request.action() == null) {
				// anything but an RPC call at / is OSS, path-style: /bucket/key
				held(OSS, () -> this.oss.serve(exchange, requestId));
				return;
			}
			String action = request.action();
			this.counters.call(action, request.get("RegionId").orElse(null));
			held(action, () -> answer(exchange, request, action, requestId));
		}
	}

	private interface Work {

		void run() throws IOException;

	}

	/** Carries the call out, unless a test holds calls of its action (see {@link #hold}). */
	private void held(String action, Work work) throws IOException {
		CallHold hold = this.holds.get(action);
		CallHold.Admission admission = (hold != null) ? hold.admit() : CallHold.Admission.PASSED;
		try {
			if (admission != CallHold.Admission.DROPPED) {
				work.run();
			}
		}
		finally {
			if (admission != CallHold.Admission.PASSED) {
				hold.done();
			}
		}
	}

	private void answer(HttpExchange exchange, RpcRequest request, String action, String requestId)
			throws IOException {
		if (this.faults.gatewayError()) {
			this.counters.fault(action, "GatewayHtml502");
			respondGatewayError(exchange);
			return;
		}
		try {
			this.requestTime.checkRpc(request.get("Timestamp").orElse(null));
			request.verify(this.scenario);
			Refusal refusal = this.refusals.get(action);
			if (refusal != null && refusal.left().getAndDecrement() > 0) {
				this.counters.fault(action, refusal.code());
				throw new CloudError(refusal.status(), refusal.code(), refusal.message());
			}
			Faults.Fate fate = this.faults.fate(action, request.get("RegionId").orElse(null),
					System.currentTimeMillis());
			pause(this.faults.latencyMillis(false));
			switch (fate) {
				case THROTTLE -> {
					this.counters.throttled(action);
					throw new CloudError(400, "Throttling.User", "Request was denied due to user flow control.");
				}
				case UNAVAILABLE -> {
					this.counters.fault(action, "ServiceUnavailable");
					throw new CloudError(503, "ServiceUnavailable",
							"The request has failed due to a temporary failure of the server.");
				}
				case SERVER_ERROR -> {
					this.counters.fault(action, "InternalError");
					throw new CloudError(500, "InternalError",
							"The request processing has failed due to some unknown error, exception or failure.");
				}
				default -> {
				}
			}
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("RequestId", requestId);
			result.putAll(dispatch(request));
			if (fate == Faults.Fate.LOSE_ANSWER) {
				this.counters.fault(action, "LostAnswer");
				if (this.faults.lateResponseMillis() <= 0) {
					return; // the work is done; closing without an answer drops the connection
				}
				pause(this.faults.lateResponseMillis());
			}
			respond(exchange, 200, result);
		}
		catch (CloudError ex) {
			respond(exchange, ex.status(), error(requestId, ex.code(), ex.getMessage()));
		}
	}

	/** One endpoint for every product: the API version tells ECS from RAM. */
	private Map<String, Object> dispatch(RpcRequest request) {
		String version = request.get("Version").orElse("");
		if (version.equals(EcsService.VERSION)) {
			return this.ecs.handle(request);
		}
		if (version.equals(RamService.VERSION)) {
			return this.ram.handle(request);
		}
		if (version.equals(QuotaCenterService.VERSION)) {
			return this.quotaCenter.handle(request);
		}
		throw new CloudError(400, "InvalidVersion", "Specified parameter Version is not valid.");
	}

	static void pause(int millis) {
		if (millis <= 0) {
			return;
		}
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static boolean isForm(HttpExchange exchange) {
		String type = exchange.getRequestHeaders().getFirst("Content-Type");
		return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
	}

	private static String readBody(InputStream in) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.UTF_8);
	}

	private static Map<String, Object> error(String requestId, String code, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("RequestId", requestId);
		error.put("HostId", "ecs.aliyuncs.com");
		error.put("Code", code);
		error.put("Message", message);
		error.put("Recommend", "https://api.aliyun.com/troubleshoot?q=" + code);
		return error;
	}

	private static void respond(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
		byte[] bytes = JSON.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
		exchange.getResponseHeaders().set("x-acs-request-id", String.valueOf(body.get("RequestId")));
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/**
	 * What a load balancer or gateway in front of the API answers when the service behind it fails:
	 * an HTML page, not the API's JSON (the SDK then has no error code to read).
	 */
	private static void respondGatewayError(HttpExchange exchange) throws IOException {
		byte[] bytes = ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
				+ "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n")
			.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/html");
		exchange.sendResponseHeaders(502, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}

package io.ecsmigrator.cloud;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyuncs.AcsRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.CommonRequest;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.auth.DefaultCredentialsProvider;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.profile.DefaultProfile;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The only place that builds the Aliyun SDK clients: one ECS/RAM client for all regions, whose
 * requests each name their endpoint (never the SDK's JVM-wide endpoint table, which silently
 * resolves unknown regions to the real cloud), and one OSS client per region. Timeouts are
 * explicit and the SDKs' own retries are off: {@link Retrier} retries. Lazy: offline commands
 * never build them.
 */
@Component
@Lazy
public class CloudClients implements DisposableBean {

	private final CloudProperties properties;

	private final AlibabaCloudCredentialsProvider credentials;

	private final CallAudit audit;

	private final DefaultAcsClient acs;

	private final Map<String, OSS> ossByRegion = new ConcurrentHashMap<>();

	private final RateLimiters limiters;

	private final Map<String, String> environment;

	private Waits waits = Waits.UNTIL_TIME;

	private SharedRateLimits sharedLimits = SharedRateLimits.NONE;

	/** @param audit where every attempt of every call is kept (the ledger's cloud_call table) */
	public CloudClients(CloudProperties properties, CallAudit audit) throws ClientException {
		this(properties, new DefaultCredentialsProvider(), audit);
	}

	/**
	 * @param waits how the retriers' backoffs are slept: the run's stopper, which a Ctrl-C wakes
	 * @param sharedLimits the limits shared by the processes of a distributed run
	 * ({@link SharedRateLimitsConfiguration}); none in local mode
	 */
	@Autowired
	public CloudClients(CloudProperties properties, CallAudit audit, ObjectProvider<Waits> waits,
			ObjectProvider<SharedRateLimits> sharedLimits) throws ClientException {
		this(properties, audit);
		this.waits = waits.getIfAvailable(() -> Waits.UNTIL_TIME);
		this.sharedLimits = sharedLimits.getIfAvailable(() -> SharedRateLimits.NONE);
	}

	/**
	 * Clients with the default credentials chain whose retriers also keep limits shared with other
	 * processes.
	 */
	public CloudClients(CloudProperties properties, Waits waits, SharedRateLimits sharedLimits)
			throws ClientException {
		this(properties);
		this.waits = waits;
		this.sharedLimits = sharedLimits;
	}

	public CloudClients(CloudProperties properties) throws ClientException {
		this(properties, new DefaultCredentialsProvider(), CallAudit.NONE);
	}

	CloudClients(CloudProperties properties, AlibabaCloudCredentialsProvider credentials, CallAudit audit) {
		this(properties, credentials, audit, System.getenv());
	}

	/** @param environment where the proxy settings are read ({@link HttpProxy}) */
	CloudClients(CloudProperties properties, AlibabaCloudCredentialsProvider credentials, CallAudit audit,
			Map<String, String> environment) {
		this.environment = Map.copyOf(environment);
		this.properties = properties;
		this.credentials = credentials;
		this.audit = audit;
		this.limiters = new RateLimiters(properties.rate());
		DefaultProfile profile = DefaultProfile.getProfile("cn-hangzhou");
		HttpClientConfig config = HttpClientConfig.getDefault();
		config.setConnectionTimeoutMillis(properties.ecs().connectTimeout().toMillis());
		config.setReadTimeoutMillis(properties.ecs().readTimeout().toMillis());
		config.setMaxRequestsPerHost(256);
		config.setMaxRequests(256);
		profile.setHttpClientConfig(config);
		this.acs = new DefaultAcsClient(profile, credentials);
	}

	/** Points an ECS request at the region's endpoint, with this client's timeouts. */
	public <T extends AcsRequest<?>> T ecs(T request, String region) {
		return at(request, this.properties.ecs().endpointOf(region), region);
	}

	/**
	 * Points a Quota Center request at its endpoint (global, as RAM's): an RPC call of version
	 * 2020-05-10 that the ECS SDK core signs like any other.
	 */
	public CommonRequest quotaCenter(String action) {
		Endpoint endpoint = Endpoint.of(this.properties.quotas().endpoint(), "cn-hangzhou");
		CommonRequest request = new CommonRequest();
		request.setSysMethod(MethodType.POST);
		request.setSysDomain(endpoint.hostAndPort());
		request.setSysProtocol(endpoint.protocol());
		request.setSysVersion("2020-05-10");
		request.setSysAction(action);
		request.setSysRegionId("cn-hangzhou");
		request.setSysConnectTimeout((int) this.properties.ecs().connectTimeout().toMillis());
		request.setSysReadTimeout((int) this.properties.ecs().readTimeout().toMillis());
		return request;
	}

	/** RAM's endpoint: RAM is global, so it has no region. */
	public Endpoint ramEndpoint() {
		return Endpoint.of(this.properties.ram().endpoint(), "cn-hangzhou");
	}

	private <T extends AcsRequest<?>> T at(T request, Endpoint endpoint, String region) {
		request.setSysEndpoint(endpoint.hostAndPort());
		request.setSysProtocol(endpoint.protocol());
		request.setSysRegionId(region);
		// per request: the SDK's HTTP client is a JVM singleton whose first configuration wins
		request.setSysConnectTimeout((int) this.properties.ecs().connectTimeout().toMillis());
		request.setSysReadTimeout((int) this.properties.ecs().readTimeout().toMillis());
		return request;
	}

	public DefaultAcsClient acs() {
		return this.acs;
	}

	/** The OSS client of a region, built once. */
	public OSS oss(String region) {
		return this.ossByRegion.computeIfAbsent(region, this::buildOss);
	}

	/**
	 * Whether OSS requests name their region in their signature (V4): only then does a request at
	 * the image region's endpoint tell whether the bucket lives there (OSS answers a bucket of
	 * another region with 403 and the right endpoint).
	 */
	public boolean ossSignsRegion() {
		return !"V1".equalsIgnoreCase(this.properties.oss().signatureVersion());
	}

	private OSS buildOss(String region) {
		CloudProperties.Oss settings = this.properties.oss();
		ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
		conf.setMaxErrorRetry(0);
		conf.setConnectionTimeout((int) settings.connectTimeout().toMillis());
		conf.setSocketTimeout((int) settings.readTimeout().toMillis());
		conf.setSignatureVersion("V1".equalsIgnoreCase(settings.signatureVersion()) ? SignVersion.V1 : SignVersion.V4);
		Endpoint endpoint = settings.endpointOf(region);
		HttpProxy.forEndpoint(endpoint, this.environment).ifPresent(proxy -> proxy.applyTo(conf));
		return OSSClientBuilder.create()
			.endpoint(endpoint.url())
			.credentialsProvider(new CredentialsBridge(this.credentials))
			.clientConfiguration(conf)
			.region(region)
			.build();
	}

	/**
	 * A retrier with the configured attempts and waits, auditing every attempt, and pacing each
	 * action in each region by the configured rates (one limiter per action and region, shared by
	 * every retrier of these clients, and in distributed mode a limit shared with the run's other
	 * processes). Its backoffs end early when the run is asked to stop.
	 */
	public Retrier retrier() {
		CloudProperties.Retry retry = this.properties.retry();
		return Retrier.standard(retry.maxAttempts(), retry.base(), retry.max(), this.waits, this.audit, this.limiters,
				this.sharedLimits);
	}

	@Override
	public void destroy() {
		this.ossByRegion.values().forEach(OSS::shutdown);
		this.acs.shutdown();
	}

}

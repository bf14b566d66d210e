package io.ecsmigrator.cloud;

import com.aliyun.oss.common.auth.Credentials;
import com.aliyun.oss.common.auth.CredentialsProvider;
import com.aliyun.oss.common.auth.DefaultCredentials;
import com.aliyuncs.auth.AlibabaCloudCredentials;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.exceptions.ClientException;

/**
 * One credentials source for both SDKs: the core SDK's default chain (system properties,
 * ALIBABA_CLOUD_* variables, the CLI's config.json, the ini file, the ECS RAM role, …) handed to
 * OSS, whose own provider reads other variables. OSS asks on every request, so refreshing
 * credentials (STS, RAM role) keep working.
 */
final class CredentialsBridge implements CredentialsProvider {

	private final AlibabaCloudCredentialsProvider chain;

	CredentialsBridge(AlibabaCloudCredentialsProvider chain) {
		this.chain = chain;
	}

	@Override
	public void setCredentials(Credentials credentials) {
		throw new UnsupportedOperationException("credentials come from the Alibaba Cloud default chain");
	}

	@Override
	public Credentials getCredentials() {
		try {
			AlibabaCloudCredentials credentials = this.chain.getCredentials();
			String token = (credentials instanceof BasicSessionCredentials session) ? session.getSessionToken() : null;
			return new DefaultCredentials(credentials.getAccessKeyId(), credentials.getAccessKeySecret(), token);
		}
		catch (ClientException ex) {
			// the chain's message names the sources it tried; it never holds a secret
			throw new com.aliyun.oss.ClientException("no Alibaba Cloud credentials: " + ex.getErrMsg(), ex);
		}
	}

}

package io.ecsmigrator.job;

import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One update of a job execution at a time in this process. The import job runs preflight and
 * submit side by side (a split flow), and Spring Batch updates the job execution from every branch
 * whose step stops ({@code SimpleStepHandler}: the job must learn that it is stopping): after a
 * Ctrl-C both branches stop at once, and each update reads the execution's version and then writes
 * it with that version, so the second writer fails with {@code OptimisticLockingFailureException}
 * and the run ends failed instead of stopped (spring-batch#5022, open). Done one after the other,
 * the second update reads the version the first wrote and succeeds.
 */
@Configuration(proxyBeanMethods = false)
class JobExecutionUpdatesConfiguration {

	@Bean
	static BeanPostProcessor oneJobExecutionUpdateAtATime() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (!(bean instanceof JobRepository)) {
					return bean;
				}
				Object lock = new Object();
				ProxyFactory proxy = new ProxyFactory(bean);
				proxy.addAdvice((MethodInterceptor) invocation -> {
					Object[] arguments = invocation.getArguments();
					if (invocation.getMethod().getName().equals("update") && arguments.length == 1
							&& arguments[0] instanceof JobExecution) {
						synchronized (lock) {
							return invocation.proceed();
						}
					}
					return invocation.proceed();
				});
				return proxy.getProxy();
			}

		};
	}

}

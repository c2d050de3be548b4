/**
 * Imported first by a bench whose Lambda invocations run one at a time, as in a standard Lambda
 * environment: the local invocation stand-in then uses Lambda's single-invocation store
 * (local/stand-ins/lambda-invocation.ts reads this when it is first imported).
 */
process.env.LOCAL_LAMBDA_INVOCATIONS = 'sequential';

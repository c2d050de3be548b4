/** A small, fixed slice of AWS documentation for aws___search_documentation. */

export interface DocPage {
  readonly url: string;
  readonly title: string;
  readonly context: string;
}

export const DOC_PAGES: readonly DocPage[] = [
  {
    url: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html',
    title: 'DescribeInstances - Amazon Elastic Compute Cloud',
    context:
      'Describes the specified instances or all instances. Filter by instance-state-name, tag:Name, instance-type, availability-zone.',
  },
  {
    url: 'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html',
    title: 'Types of metrics for Lambda functions - AWS Lambda',
    context:
      'Invocation metrics: Invocations, Errors, Throttles, Duration. Errors counts invocations that result in a function error.',
  },
  {
    url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html',
    title: 'GetMetricData - Amazon CloudWatch',
    context:
      'Retrieve CloudWatch metric values for up to 500 metrics in one call, with MetricDataQueries, StartTime, EndTime and Period.',
  },
  {
    url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html',
    title: 'DescribeAlarms - Amazon CloudWatch',
    context:
      'Retrieves the specified alarms. Filter alarms by StateValue (OK, ALARM, INSUFFICIENT_DATA), AlarmNames or AlarmNamePrefix.',
  },
  {
    url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html',
    title: 'ListBuckets - Amazon Simple Storage Service',
    context:
      'Returns a list of all buckets owned by the authenticated sender of the request, with their creation date and region.',
  },
  {
    url: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstances.html',
    title: 'DescribeDBInstances - Amazon Relational Database Service',
    context: 'Describes provisioned RDS instances: engine, class, status, endpoint, Multi-AZ and storage.',
  },
  {
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html',
    title: 'Monitor and control actions taken with assumed roles - AWS Identity and Access Management',
    context:
      'SourceIdentity persists across role sessions and is logged in CloudTrail, identifying who took an action.',
  },
  {
    url: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html',
    title: 'AssumeRole - AWS Security Token Service',
    context:
      'Returns temporary security credentials. DurationSeconds 900 to the role maximum; ExternalId; RoleSessionName; SourceIdentity.',
  },
  {
    url: 'https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_GetCostAndUsage.html',
    title: 'GetCostAndUsage - AWS Billing and Cost Management',
    context:
      'Retrieves cost and usage metrics for an account: TimePeriod, Granularity DAILY or MONTHLY, Metrics, GroupBy SERVICE.',
  },
  {
    url: 'https://docs.aws.amazon.com/eks/latest/APIReference/API_ListClusters.html',
    title: 'ListClusters - Amazon Elastic Kubernetes Service',
    context: 'Lists the Amazon EKS clusters in your AWS account in the specified Region.',
  },
  {
    url: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServices.html',
    title: 'ListServices - Amazon Elastic Container Service',
    context: 'Returns a list of services running in a cluster.',
  },
];

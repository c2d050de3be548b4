import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import {
  BRIDGE_TARGET_NAME,
  type GatewaySchema,
  type GatewayToolDefinition,
  gatewayToolDefinitions,
} from '#contracts/bridge-tools/index.ts';

export interface GatewayStackProps extends StackProps {
  /** The bridge Lambda, the Gateway's only target. */
  readonly bridge: lambda.IFunction;
  /** @default 'dev' */
  readonly envName?: string;
  /** Tools registered on the target. @default gatewayToolDefinitions() (contracts/bridge-tools) */
  readonly tools?: readonly GatewayToolDefinition[];
}

/**
 * The AgentCore Gateway (MCP, IAM inbound auth, semantic tool search) with the bridge as its Lambda
 * target. Nothing is granted invoke here: the runtime stack grants its own role, and no one else.
 */
export class GatewayStack extends Stack {
  readonly gateway: agentcore.Gateway;
  readonly target: agentcore.GatewayTarget;

  constructor(scope: Construct, id: string, props: GatewayStackProps) {
    super(scope, id, props);
    this.gateway = new agentcore.Gateway(this, 'Gateway', {
      gatewayName: `centralops-${props.envName ?? 'dev'}`,
      description: 'CentralOps tools: read-only AWS calls in registered member accounts',
      protocolConfiguration: agentcore.GatewayProtocol.mcp({
        searchType: agentcore.McpGatewaySearchType.SEMANTIC,
        supportedVersions: [
          agentcore.MCPProtocolVersion.MCP_2025_06_18,
          agentcore.MCPProtocolVersion.MCP_2025_03_26,
        ],
        instructions:
          'CentralOps bridge tools: read-only AWS MCP Server calls in registered member accounts.',
      }),
      authorizerConfiguration: agentcore.GatewayAuthorizer.usingAwsIam(),
    });
    this.target = this.gateway.addLambdaTarget('Bridge', {
      gatewayTargetName: BRIDGE_TARGET_NAME,
      description: 'CentralOps bridge Lambda',
      lambdaFunction: props.bridge,
      toolSchema: agentcore.ToolSchema.fromInline(
        (props.tools ?? gatewayToolDefinitions()).map(toolDefinition),
      ),
    });
    new CfnOutput(this, 'GatewayUrl', { value: this.gateway.gatewayUrl ?? '' });
  }
}

/** The bridge's plain JSON schema in the L2's typed form; it renders back to the same JSON. */
function toolDefinition(tool: GatewayToolDefinition): agentcore.ToolDefinition {
  return { name: tool.name, description: tool.description, inputSchema: schemaDefinition(tool.inputSchema) };
}

function schemaDefinition(schema: GatewaySchema): agentcore.SchemaDefinition {
  return {
    type: agentcore.SchemaDefinitionType.of(schema.type),
    description: schema.description,
    properties:
      schema.properties &&
      Object.fromEntries(
        Object.entries(schema.properties).map(([key, value]) => [key, schemaDefinition(value)]),
      ),
    required: schema.required && [...schema.required],
    items: schema.items && schemaDefinition(schema.items),
  };
}

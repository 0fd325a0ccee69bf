/** The CloudTrail EC2 API calls that change what can reach what (the EventBridge rule matches exactly these). */
export const NETWORK_EVENT_NAMES = [
  // Security groups
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'ModifySecurityGroupRules',
  'UpdateSecurityGroupRuleDescriptionsIngress',
  'UpdateSecurityGroupRuleDescriptionsEgress',
  'CreateSecurityGroup',
  'DeleteSecurityGroup',
  'ModifyNetworkInterfaceAttribute',
  // Routes
  'CreateRoute',
  'ReplaceRoute',
  'DeleteRoute',
  'CreateRouteTable',
  'DeleteRouteTable',
  'AssociateRouteTable',
  'DisassociateRouteTable',
  'ReplaceRouteTableAssociation',
  // Network ACLs
  'CreateNetworkAclEntry',
  'ReplaceNetworkAclEntry',
  'DeleteNetworkAclEntry',
  'ReplaceNetworkAclAssociation',
  'CreateNetworkAcl',
  'DeleteNetworkAcl',
  // Gateways and edges
  'AttachInternetGateway',
  'DetachInternetGateway',
  'CreateNatGateway',
  'DeleteNatGateway',
  'CreateVpcPeeringConnection',
  'AcceptVpcPeeringConnection',
  'DeleteVpcPeeringConnection',
  'AssociateAddress',
  'DisassociateAddress',
  'ModifySubnetAttribute',
  'CreateTransitGatewayRoute',
  'ReplaceTransitGatewayRoute',
  'DeleteTransitGatewayRoute',
  'CreateTransitGatewayVpcAttachment',
  'AcceptTransitGatewayVpcAttachment',
  'DeleteTransitGatewayVpcAttachment',
  'AssociateTransitGatewayRouteTable',
  'DisassociateTransitGatewayRouteTable',
  'EnableTransitGatewayRouteTablePropagation',
  'DisableTransitGatewayRouteTablePropagation',
  // Flow logs
  'CreateFlowLogs',
  'DeleteFlowLogs',
] as const;

export type NetworkEventName = (typeof NETWORK_EVENT_NAMES)[number];

export function isNetworkEventName(text: string): text is NetworkEventName {
  return (NETWORK_EVENT_NAMES as readonly string[]).includes(text);
}

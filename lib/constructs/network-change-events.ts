/**
 * The CloudTrail EC2 calls the change responder's EventBridge rule matches. A test keeps this list
 * equal to the one the handler's parser accepts (lambdas/events/network-event-names.ts).
 */
export const NETWORK_CHANGE_EVENT_NAMES = [
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

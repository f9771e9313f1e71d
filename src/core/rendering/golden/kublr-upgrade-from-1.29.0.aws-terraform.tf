# Kublr network requirements 1.30.0, profile prod-eu-1, changes since 1.29.0: AWS security group rules for Terraform.
# Flows are ingress rules on the destination role's security groups; a flow to an external role
# (the Internet, an intranet, a cloud API) is an egress rule on the source's security groups, to
# the role's networks (the Internet: 0.0.0.0/0 and ::/0 unless the profile narrows it).
# Needs Terraform >= 1.5 and the hashicorp/aws provider >= 5.0.
#
# Changes since 1.29.0: this file holds only the rules for the 2 flow(s) to add.
# Remove these rules (2 flow(s) removed or changed):
# - legacy-heapster: node -> node, tcp 8082 (Heapster)
#     aws_vpc_security_group_ingress_rule.legacy_heapster__sg_0master0000000001__from_sg_0master0000000001
#     aws_vpc_security_group_ingress_rule.legacy_heapster__sg_0master0000000001__from_sg_0worker0000000001
#     aws_vpc_security_group_ingress_rule.legacy_heapster__sg_0worker0000000001__from_sg_0master0000000001
#     aws_vpc_security_group_ingress_rule.legacy_heapster__sg_0worker0000000001__from_sg_0worker0000000001
# - etcd-peer: master -> master, tcp 2380-2390 (Etcd)
#     aws_vpc_security_group_ingress_rule.etcd_peer__sg_0master0000000001__from_sg_0master0000000001 (the same resource address as a rule to add below: Terraform updates or replaces that rule)
# Terraform is declarative: a rule goes when its resource leaves the configuration. If the rules above
# were created from the Terraform output rendered for 1.29.0, render the full catalog version
# 1.30.0 for this profile and apply it in place of that file: that removes them and keeps the others.
# This file alone must not take the place of the full one: every unchanged rule would be removed too.

# kcp-master-secret-store: kcp -> master, tcp 11250 (Kublr secret store)
resource "aws_vpc_security_group_ingress_rule" "kcp_master_secret_store__sg_0master0000000001__from_192_168_10_0_24" {
  security_group_id = "sg-0master0000000001"
  description       = "Kublr secret store: KCP needs access to bare-metal clusters masters secret store"
  ip_protocol       = "tcp"
  from_port         = 11250
  to_port           = 11250
  cidr_ipv4         = "192.168.10.0/24"
}

# etcd-peer: master -> master, tcp 2380 (Etcd)
resource "aws_vpc_security_group_ingress_rule" "etcd_peer__sg_0master0000000001__from_sg_0master0000000001" {
  security_group_id            = "sg-0master0000000001"
  description                  = "Etcd"
  ip_protocol                  = "tcp"
  from_port                    = 2380
  to_port                      = 2380
  referenced_security_group_id = "sg-0master0000000001"
}

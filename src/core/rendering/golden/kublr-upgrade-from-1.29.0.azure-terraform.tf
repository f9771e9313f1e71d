# Kublr network requirements 1.30.0, profile prod-eu-1, changes since 1.29.0: Azure network security rules for Terraform.
# Inbound rules, and Outbound ones to the networks of an external role (the Internet: 0.0.0.0/0 and
# ::/0 unless the profile narrows it). Azure refuses a rule mixing IPv4 and IPv6 prefixes: a flow
# to both has one rule per family ("..._ipv6"), over a variable only when it holds such prefixes.
# Priorities start at 100, 10 apart, in flow order, for each direction.
# They must not collide with the priorities of rules already in the security group.
# Variables stand for the security group and for addresses the profile does not give: set them before applying.
#
# Changes since 1.29.0: this file holds only the rules for the 2 flow(s) to add.
# Remove these rules (2 flow(s) removed or changed):
# - legacy-heapster: node -> node, tcp 8082 (Heapster)
#     azurerm_network_security_rule.legacy_heapster
# - etcd-peer: master -> master, tcp 2380-2390 (Etcd)
#     azurerm_network_security_rule.etcd_peer (the same resource address as a rule to add below: Terraform updates or replaces that rule)
# Terraform is declarative: a rule goes when its resource leaves the configuration. If the rules above
# were created from the Terraform output rendered for 1.29.0, render the full catalog version
# 1.30.0 for this profile and apply it in place of that file: that removes them and keeps the others.
# This file alone must not take the place of the full one: every unchanged rule would be removed too.

variable "resource_group_name" {
  description = "Resource group of the network security group."
  type        = string
}

variable "network_security_group_name" {
  description = "Network security group the rules belong to."
  type        = string
}

# kcp-master-secret-store: kcp -> master, tcp 11250 (Kublr secret store)
resource "azurerm_network_security_rule" "kcp_master_secret_store" {
  name                         = "kcp-master-secret-store"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 100
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "11250"
  source_address_prefixes      = ["192.168.10.0/24"]
  destination_address_prefixes = ["10.0.1.0/24"]
  description                  = "Kublr secret store: KCP needs access to bare-metal clusters’ masters’ secret store"
}

# etcd-peer: master -> master, tcp 2380 (Etcd)
resource "azurerm_network_security_rule" "etcd_peer" {
  name                         = "etcd-peer"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 110
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "2380"
  source_address_prefixes      = ["10.0.1.0/24"]
  destination_address_prefixes = ["10.0.1.0/24"]
  description                  = "Etcd"
}

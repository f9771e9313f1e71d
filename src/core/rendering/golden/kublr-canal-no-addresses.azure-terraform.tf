# Kublr network requirements 1.30.0: Azure network security rules for Terraform.
# Inbound rules, and Outbound ones to the networks of an external role (the Internet: 0.0.0.0/0 and
# ::/0 unless the profile narrows it). Azure refuses a rule mixing IPv4 and IPv6 prefixes: a flow
# to both has one rule per family ("..._ipv6"), over a variable only when it holds such prefixes.
# Priorities start at 100, 10 apart, in flow order, for each direction.
# Variables stand for the security group and for addresses the profile does not give: set them before applying.

variable "resource_group_name" {
  description = "Resource group of the network security group."
  type        = string
}

variable "network_security_group_name" {
  description = "Network security group the rules belong to."
  type        = string
}

variable "kcp_address_prefixes" {
  description = "Address prefixes (CIDRs) of KCP Nodes (kcp): the profile gives none."
  type        = list(string)
}

variable "master_address_prefixes" {
  description = "Address prefixes (CIDRs) of Master (master): the profile gives none."
  type        = list(string)
}

variable "worker_address_prefixes" {
  description = "Address prefixes (CIDRs) of Worker (worker): the profile gives none."
  type        = list(string)
}

# kcp-cloud-api: kcp -> cloud-api, tcp 443 (Cloud/infrastructure API)
resource "azurerm_network_security_rule" "kcp_cloud_api" {
  count                        = length([for cidr in var.kcp_address_prefixes : cidr if !strcontains(cidr, ":")]) > 0 ? 1 : 0
  name                         = "kcp-cloud-api"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 100
  direction                    = "Outbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "443"
  source_address_prefixes      = [for cidr in var.kcp_address_prefixes : cidr if !strcontains(cidr, ":")]
  destination_address_prefixes = ["0.0.0.0/0"]
  description                  = "Cloud/infrastructure API: KCP need access to cloud/infrastructure providers’ API"
}

# kcp-cloud-api: kcp -> cloud-api, tcp 443 (Cloud/infrastructure API)
resource "azurerm_network_security_rule" "kcp_cloud_api_ipv6" {
  count                        = length([for cidr in var.kcp_address_prefixes : cidr if strcontains(cidr, ":")]) > 0 ? 1 : 0
  name                         = "kcp-cloud-api-ipv6"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 110
  direction                    = "Outbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "443"
  source_address_prefixes      = [for cidr in var.kcp_address_prefixes : cidr if strcontains(cidr, ":")]
  destination_address_prefixes = ["::/0"]
  description                  = "Cloud/infrastructure API: KCP need access to cloud/infrastructure providers’ API"
}

# kcp-master-kubernetes-api: kcp -> master, tcp 443 (Kubernetes API)
resource "azurerm_network_security_rule" "kcp_master_kubernetes_api" {
  name                         = "kcp-master-kubernetes-api"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 100
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "443"
  source_address_prefixes      = var.kcp_address_prefixes
  destination_address_prefixes = var.master_address_prefixes
  description                  = "Kubernetes API: KCP need access to K8S clusters’ API"
}

# etcd-client: master -> master, tcp 2379 (Etcd)
resource "azurerm_network_security_rule" "etcd_client" {
  name                         = "etcd-client"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 110
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "2379"
  source_address_prefixes      = var.master_address_prefixes
  destination_address_prefixes = var.master_address_prefixes
  description                  = "Etcd"
}

# etcd-peer: master -> master, tcp 2380 (Etcd)
resource "azurerm_network_security_rule" "etcd_peer" {
  name                         = "etcd-peer"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 120
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "2380"
  source_address_prefixes      = var.master_address_prefixes
  destination_address_prefixes = var.master_address_prefixes
  description                  = "Etcd"
}

# node-internet-dns/tcp: node -> internet, tcp 53 (DNS)
resource "azurerm_network_security_rule" "node_internet_dns_tcp" {
  count                        = length(concat([for cidr in var.master_address_prefixes : cidr if !strcontains(cidr, ":")], [for cidr in var.worker_address_prefixes : cidr if !strcontains(cidr, ":")])) > 0 ? 1 : 0
  name                         = "node-internet-dns-tcp"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 120
  direction                    = "Outbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "53"
  source_address_prefixes      = concat([for cidr in var.master_address_prefixes : cidr if !strcontains(cidr, ":")], [for cidr in var.worker_address_prefixes : cidr if !strcontains(cidr, ":")])
  destination_address_prefixes = ["0.0.0.0/0"]
  description                  = "DNS"
}

# node-internet-dns/tcp: node -> internet, tcp 53 (DNS)
resource "azurerm_network_security_rule" "node_internet_dns_tcp_ipv6" {
  count                        = length(concat([for cidr in var.master_address_prefixes : cidr if strcontains(cidr, ":")], [for cidr in var.worker_address_prefixes : cidr if strcontains(cidr, ":")])) > 0 ? 1 : 0
  name                         = "node-internet-dns-tcp-ipv6"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 130
  direction                    = "Outbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "53"
  source_address_prefixes      = concat([for cidr in var.master_address_prefixes : cidr if strcontains(cidr, ":")], [for cidr in var.worker_address_prefixes : cidr if strcontains(cidr, ":")])
  destination_address_prefixes = ["::/0"]
  description                  = "DNS"
}

# node-internet-https: node -> internet, tcp 443 (HTTPS to binary repositories)
resource "azurerm_network_security_rule" "node_internet_https" {
  count                        = length(concat([for cidr in var.master_address_prefixes : cidr if !strcontains(cidr, ":")], [for cidr in var.worker_address_prefixes : cidr if !strcontains(cidr, ":")])) > 0 ? 1 : 0
  name                         = "node-internet-https"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 140
  direction                    = "Outbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "443"
  source_address_prefixes      = concat([for cidr in var.master_address_prefixes : cidr if !strcontains(cidr, ":")], [for cidr in var.worker_address_prefixes : cidr if !strcontains(cidr, ":")])
  destination_address_prefixes = ["0.0.0.0/0"]
  description                  = "HTTPS to binary repositories"
}

# node-internet-https: node -> internet, tcp 443 (HTTPS to binary repositories)
resource "azurerm_network_security_rule" "node_internet_https_ipv6" {
  count                        = length(concat([for cidr in var.master_address_prefixes : cidr if strcontains(cidr, ":")], [for cidr in var.worker_address_prefixes : cidr if strcontains(cidr, ":")])) > 0 ? 1 : 0
  name                         = "node-internet-https-ipv6"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 150
  direction                    = "Outbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "443"
  source_address_prefixes      = concat([for cidr in var.master_address_prefixes : cidr if strcontains(cidr, ":")], [for cidr in var.worker_address_prefixes : cidr if strcontains(cidr, ":")])
  destination_address_prefixes = ["::/0"]
  description                  = "HTTPS to binary repositories"
}

# node-internet-dns/udp: node -> internet, udp 53 (DNS)
resource "azurerm_network_security_rule" "node_internet_dns_udp" {
  count                        = length(concat([for cidr in var.master_address_prefixes : cidr if !strcontains(cidr, ":")], [for cidr in var.worker_address_prefixes : cidr if !strcontains(cidr, ":")])) > 0 ? 1 : 0
  name                         = "node-internet-dns-udp"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 160
  direction                    = "Outbound"
  access                       = "Allow"
  protocol                     = "Udp"
  source_port_range            = "*"
  destination_port_range       = "53"
  source_address_prefixes      = concat([for cidr in var.master_address_prefixes : cidr if !strcontains(cidr, ":")], [for cidr in var.worker_address_prefixes : cidr if !strcontains(cidr, ":")])
  destination_address_prefixes = ["0.0.0.0/0"]
  description                  = "DNS"
}

# node-internet-dns/udp: node -> internet, udp 53 (DNS)
resource "azurerm_network_security_rule" "node_internet_dns_udp_ipv6" {
  count                        = length(concat([for cidr in var.master_address_prefixes : cidr if strcontains(cidr, ":")], [for cidr in var.worker_address_prefixes : cidr if strcontains(cidr, ":")])) > 0 ? 1 : 0
  name                         = "node-internet-dns-udp-ipv6"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 170
  direction                    = "Outbound"
  access                       = "Allow"
  protocol                     = "Udp"
  source_port_range            = "*"
  destination_port_range       = "53"
  source_address_prefixes      = concat([for cidr in var.master_address_prefixes : cidr if strcontains(cidr, ":")], [for cidr in var.worker_address_prefixes : cidr if strcontains(cidr, ":")])
  destination_address_prefixes = ["::/0"]
  description                  = "DNS"
}

# canal-typha: node -> node, tcp 5473 (Calico Typha)
resource "azurerm_network_security_rule" "canal_typha" {
  name                         = "canal-typha"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 130
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "5473"
  source_address_prefixes      = concat(var.master_address_prefixes, var.worker_address_prefixes)
  destination_address_prefixes = concat(var.master_address_prefixes, var.worker_address_prefixes)
  description                  = "Calico Typha"
}

# kubelet-api: node -> node, tcp 10250 (Kubelet API)
resource "azurerm_network_security_rule" "kubelet_api" {
  name                         = "kubelet-api"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 140
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "10250"
  source_address_prefixes      = concat(var.master_address_prefixes, var.worker_address_prefixes)
  destination_address_prefixes = concat(var.master_address_prefixes, var.worker_address_prefixes)
  description                  = "Kubelet API"
}

# canal-vxlan: node -> node, udp 8472 (Canal)
resource "azurerm_network_security_rule" "canal_vxlan" {
  name                         = "canal-vxlan"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 150
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Udp"
  source_port_range            = "*"
  destination_port_range       = "8472"
  source_address_prefixes      = concat(var.master_address_prefixes, var.worker_address_prefixes)
  destination_address_prefixes = concat(var.master_address_prefixes, var.worker_address_prefixes)
  description                  = "Canal"
}

# worker-master-kubernetes-api: worker -> master, tcp 443 (Kubernetes API)
resource "azurerm_network_security_rule" "worker_master_kubernetes_api" {
  name                         = "worker-master-kubernetes-api"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 160
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "443"
  source_address_prefixes      = var.worker_address_prefixes
  destination_address_prefixes = var.master_address_prefixes
  description                  = "Kubernetes API"
}

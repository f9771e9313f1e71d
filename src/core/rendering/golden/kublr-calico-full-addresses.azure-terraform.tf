# Kublr network requirements 1.30.0, profile prod-eu-1: Azure network security rules for Terraform.
# Inbound rules, and Outbound ones to the networks of an external role (the Internet: 0.0.0.0/0 and
# ::/0 unless the profile narrows it). Azure refuses a rule mixing IPv4 and IPv6 prefixes: a flow
# to both has one rule per family ("..._ipv6"), over a variable only when it holds such prefixes.
# Priorities start at 100, 10 apart, in flow order, for each direction.
# Variables stand for the security group and for addresses the profile does not give: set them before applying.
# Left out: calico-ipip: node -> node, ipip (IP protocol 4) (Calico IP-in-IP).
#   Azure network security rules cannot name IP protocol 4 and Azure virtual networks do not carry it (use VXLAN encapsulation instead); "*" would open every protocol.

variable "resource_group_name" {
  description = "Resource group of the network security group."
  type        = string
}

variable "network_security_group_name" {
  description = "Network security group the rules belong to."
  type        = string
}

# ingress-lb-worker-node-ports/tcp: ingress-lb -> worker, tcp 30000-32767 (Ingress NodePorts)
resource "azurerm_network_security_rule" "ingress_lb_worker_node_ports_tcp" {
  name                         = "ingress-lb-worker-node-ports-tcp"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 100
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "30000-32767"
  source_address_prefixes      = ["10.0.0.20/32"]
  destination_address_prefixes = ["10.0.2.0/24", "10.0.3.0/24"]
  description                  = "Ingress NodePorts: If ingress LB is used, the ingress LB must have access to worker nodes service NodePort port range (usually 30000-32767)…"
}

# ingress-lb-worker-node-ports/udp: ingress-lb -> worker, udp 30000-32767 (Ingress NodePorts)
resource "azurerm_network_security_rule" "ingress_lb_worker_node_ports_udp" {
  name                         = "ingress-lb-worker-node-ports-udp"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 110
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Udp"
  source_port_range            = "*"
  destination_port_range       = "30000-32767"
  source_address_prefixes      = ["10.0.0.20/32"]
  destination_address_prefixes = ["10.0.2.0/24", "10.0.3.0/24"]
  description                  = "Ingress NodePorts: If ingress LB is used, the ingress LB must have access to worker nodes service NodePort port range (usually 30000-32767)…"
}

# kcp-cloud-api: kcp -> cloud-api, tcp 443 (Cloud/infrastructure API)
resource "azurerm_network_security_rule" "kcp_cloud_api" {
  name                         = "kcp-cloud-api"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 100
  direction                    = "Outbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "443"
  source_address_prefixes      = ["192.168.10.0/24"]
  destination_address_prefixes = ["203.0.113.0/24"]
  description                  = "Cloud/infrastructure API: KCP need access to cloud/infrastructure providers’ API"
}

# kcp-master-kubernetes-api: kcp -> master, tcp 443 (Kubernetes API)
resource "azurerm_network_security_rule" "kcp_master_kubernetes_api" {
  name                         = "kcp-master-kubernetes-api"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 120
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "443"
  source_address_prefixes      = ["192.168.10.0/24"]
  destination_address_prefixes = ["10.0.1.0/24"]
  description                  = "Kubernetes API: KCP need access to K8S clusters’ API"
}

# kcp-master-secret-store: kcp -> master, tcp 11250 (Kublr secret store)
resource "azurerm_network_security_rule" "kcp_master_secret_store" {
  name                         = "kcp-master-secret-store"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 130
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "11250"
  source_address_prefixes      = ["192.168.10.0/24"]
  destination_address_prefixes = ["10.0.1.0/24"]
  description                  = "Kublr secret store: KCP needs access to bare-metal clusters’ masters’ secret store"
}

# etcd-client: master -> master, tcp 2379 (Etcd)
resource "azurerm_network_security_rule" "etcd_client" {
  name                         = "etcd-client"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 140
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "2379"
  source_address_prefixes      = ["10.0.1.0/24"]
  destination_address_prefixes = ["10.0.1.0/24"]
  description                  = "Etcd"
}

# etcd-peer: master -> master, tcp 2380 (Etcd)
resource "azurerm_network_security_rule" "etcd_peer" {
  name                         = "etcd-peer"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 150
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "2380"
  source_address_prefixes      = ["10.0.1.0/24"]
  destination_address_prefixes = ["10.0.1.0/24"]
  description                  = "Etcd"
}

# master-lb-master-kubernetes-api: master-lb -> master, tcp 443 (Kubernetes API via master LB)
resource "azurerm_network_security_rule" "master_lb_master_kubernetes_api" {
  name                         = "master-lb-master-kubernetes-api"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 160
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "443"
  source_address_prefixes      = ["10.0.0.10/32"]
  destination_address_prefixes = ["10.0.1.0/24"]
  description                  = "Kubernetes API via master LB: If master LB is used, the master LB must have access to masters"
}

# node-internet-dns/tcp: node -> internet, tcp 53 (DNS)
resource "azurerm_network_security_rule" "node_internet_dns_tcp" {
  name                         = "node-internet-dns-tcp"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 110
  direction                    = "Outbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "53"
  source_address_prefixes      = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
  destination_address_prefixes = ["0.0.0.0/0"]
  description                  = "DNS"
}

# node-internet-https: node -> internet, tcp 443 (HTTPS to binary repositories)
resource "azurerm_network_security_rule" "node_internet_https" {
  name                         = "node-internet-https"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 120
  direction                    = "Outbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "443"
  source_address_prefixes      = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
  destination_address_prefixes = ["0.0.0.0/0"]
  description                  = "HTTPS to binary repositories"
}

# node-internet-dns/udp: node -> internet, udp 53 (DNS)
resource "azurerm_network_security_rule" "node_internet_dns_udp" {
  name                         = "node-internet-dns-udp"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 130
  direction                    = "Outbound"
  access                       = "Allow"
  protocol                     = "Udp"
  source_port_range            = "*"
  destination_port_range       = "53"
  source_address_prefixes      = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
  destination_address_prefixes = ["0.0.0.0/0"]
  description                  = "DNS"
}

# calico-bgp: node -> node, tcp 179 (Calico BGP)
resource "azurerm_network_security_rule" "calico_bgp" {
  name                         = "calico-bgp"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 170
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "179"
  source_address_prefixes      = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
  destination_address_prefixes = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
  description                  = "Calico BGP"
}

# calico-typha: node -> node, tcp 5473 (Calico Typha)
resource "azurerm_network_security_rule" "calico_typha" {
  name                         = "calico-typha"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 180
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "5473"
  source_address_prefixes      = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
  destination_address_prefixes = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
  description                  = "Calico Typha"
}

# kubelet-api: node -> node, tcp 10250 (Kubelet API)
resource "azurerm_network_security_rule" "kubelet_api" {
  name                         = "kubelet-api"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 190
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "10250"
  source_address_prefixes      = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
  destination_address_prefixes = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
  description                  = "Kubelet API"
}

# calico-vxlan: node -> node, udp 8472 (Calico VXLAN/Flannel)
resource "azurerm_network_security_rule" "calico_vxlan" {
  name                         = "calico-vxlan"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 200
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Udp"
  source_port_range            = "*"
  destination_port_range       = "8472"
  source_address_prefixes      = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
  destination_address_prefixes = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
  description                  = "Calico VXLAN/Flannel"
}

# worker-master-kubernetes-api: worker -> master, tcp 443 (Kubernetes API)
resource "azurerm_network_security_rule" "worker_master_kubernetes_api" {
  name                         = "worker-master-kubernetes-api"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 210
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "443"
  source_address_prefixes      = ["10.0.2.0/24", "10.0.3.0/24"]
  destination_address_prefixes = ["10.0.1.0/24"]
  description                  = "Kubernetes API"
}

# worker-master-secret-store: worker -> master, tcp 11250 (Kublr secret store)
resource "azurerm_network_security_rule" "worker_master_secret_store" {
  name                         = "worker-master-secret-store"
  resource_group_name          = var.resource_group_name
  network_security_group_name  = var.network_security_group_name
  priority                     = 220
  direction                    = "Inbound"
  access                       = "Allow"
  protocol                     = "Tcp"
  source_port_range            = "*"
  destination_port_range       = "11250"
  source_address_prefixes      = ["10.0.2.0/24", "10.0.3.0/24"]
  destination_address_prefixes = ["10.0.1.0/24"]
  description                  = "Kublr secret store: Workers need access to bare-metal clusters’ masters’ secret store"
}

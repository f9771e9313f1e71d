# Kublr network requirements 1.30.0: AWS security group rules for Terraform.
# Flows are ingress rules on the destination role's security groups; a flow to an external role
# (the Internet, an intranet, a cloud API) is an egress rule on the source's security groups, to
# the role's networks (the Internet: 0.0.0.0/0 and ::/0 unless the profile narrows it).
# Needs Terraform >= 1.5 and the hashicorp/aws provider >= 5.0.
# Variables stand for addresses the profile does not give: set them before applying.

variable "kcp_cidrs" {
  description = "Address ranges (IPv4 or IPv6 CIDRs) of KCP Nodes (kcp): the profile gives none."
  type        = list(string)
}

variable "kcp_security_group_id" {
  description = "Id of the security group of KCP Nodes (kcp): the profile gives none."
  type        = string
}

variable "master_cidrs" {
  description = "Address ranges (IPv4 or IPv6 CIDRs) of Master (master): the profile gives none."
  type        = list(string)
}

variable "master_security_group_id" {
  description = "Id of the security group of Master (master): the profile gives none."
  type        = string
}

variable "worker_cidrs" {
  description = "Address ranges (IPv4 or IPv6 CIDRs) of Worker (worker): the profile gives none."
  type        = list(string)
}

variable "worker_security_group_id" {
  description = "Id of the security group of Worker (worker): the profile gives none."
  type        = string
}

# kcp-cloud-api: kcp -> cloud-api, tcp 443 (Cloud/infrastructure API)
resource "aws_vpc_security_group_egress_rule" "kcp_cloud_api__kcp__to_0_0_0_0_0" {
  security_group_id = var.kcp_security_group_id
  description       = "Cloud/infrastructure API: KCP need access to cloud/infrastructure providers API"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

# kcp-cloud-api: kcp -> cloud-api, tcp 443 (Cloud/infrastructure API)
resource "aws_vpc_security_group_egress_rule" "kcp_cloud_api__kcp__to____0" {
  security_group_id = var.kcp_security_group_id
  description       = "Cloud/infrastructure API: KCP need access to cloud/infrastructure providers API"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv6         = "::/0"
}

# kcp-master-kubernetes-api: kcp -> master, tcp 443 (Kubernetes API)
resource "aws_vpc_security_group_ingress_rule" "kcp_master_kubernetes_api__master__from_kcp" {
  for_each          = toset(var.kcp_cidrs)
  security_group_id = var.master_security_group_id
  description       = "Kubernetes API: KCP need access to K8S clusters API"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
}

# etcd-client: master -> master, tcp 2379 (Etcd)
resource "aws_vpc_security_group_ingress_rule" "etcd_client__master__from_master" {
  for_each          = toset(var.master_cidrs)
  security_group_id = var.master_security_group_id
  description       = "Etcd"
  ip_protocol       = "tcp"
  from_port         = 2379
  to_port           = 2379
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
}

# etcd-peer: master -> master, tcp 2380 (Etcd)
resource "aws_vpc_security_group_ingress_rule" "etcd_peer__master__from_master" {
  for_each          = toset(var.master_cidrs)
  security_group_id = var.master_security_group_id
  description       = "Etcd"
  ip_protocol       = "tcp"
  from_port         = 2380
  to_port           = 2380
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
}

# node-internet-dns/tcp: node -> internet, tcp 53 (DNS)
resource "aws_vpc_security_group_egress_rule" "node_internet_dns_tcp__master__to_0_0_0_0_0" {
  security_group_id = var.master_security_group_id
  description       = "DNS"
  ip_protocol       = "tcp"
  from_port         = 53
  to_port           = 53
  cidr_ipv4         = "0.0.0.0/0"
}

# node-internet-dns/tcp: node -> internet, tcp 53 (DNS)
resource "aws_vpc_security_group_egress_rule" "node_internet_dns_tcp__master__to____0" {
  security_group_id = var.master_security_group_id
  description       = "DNS"
  ip_protocol       = "tcp"
  from_port         = 53
  to_port           = 53
  cidr_ipv6         = "::/0"
}

# node-internet-dns/tcp: node -> internet, tcp 53 (DNS)
resource "aws_vpc_security_group_egress_rule" "node_internet_dns_tcp__worker__to_0_0_0_0_0" {
  security_group_id = var.worker_security_group_id
  description       = "DNS"
  ip_protocol       = "tcp"
  from_port         = 53
  to_port           = 53
  cidr_ipv4         = "0.0.0.0/0"
}

# node-internet-dns/tcp: node -> internet, tcp 53 (DNS)
resource "aws_vpc_security_group_egress_rule" "node_internet_dns_tcp__worker__to____0" {
  security_group_id = var.worker_security_group_id
  description       = "DNS"
  ip_protocol       = "tcp"
  from_port         = 53
  to_port           = 53
  cidr_ipv6         = "::/0"
}

# node-internet-https: node -> internet, tcp 443 (HTTPS to binary repositories)
resource "aws_vpc_security_group_egress_rule" "node_internet_https__master__to_0_0_0_0_0" {
  security_group_id = var.master_security_group_id
  description       = "HTTPS to binary repositories"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

# node-internet-https: node -> internet, tcp 443 (HTTPS to binary repositories)
resource "aws_vpc_security_group_egress_rule" "node_internet_https__master__to____0" {
  security_group_id = var.master_security_group_id
  description       = "HTTPS to binary repositories"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv6         = "::/0"
}

# node-internet-https: node -> internet, tcp 443 (HTTPS to binary repositories)
resource "aws_vpc_security_group_egress_rule" "node_internet_https__worker__to_0_0_0_0_0" {
  security_group_id = var.worker_security_group_id
  description       = "HTTPS to binary repositories"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

# node-internet-https: node -> internet, tcp 443 (HTTPS to binary repositories)
resource "aws_vpc_security_group_egress_rule" "node_internet_https__worker__to____0" {
  security_group_id = var.worker_security_group_id
  description       = "HTTPS to binary repositories"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv6         = "::/0"
}

# node-internet-dns/udp: node -> internet, udp 53 (DNS)
resource "aws_vpc_security_group_egress_rule" "node_internet_dns_udp__master__to_0_0_0_0_0" {
  security_group_id = var.master_security_group_id
  description       = "DNS"
  ip_protocol       = "udp"
  from_port         = 53
  to_port           = 53
  cidr_ipv4         = "0.0.0.0/0"
}

# node-internet-dns/udp: node -> internet, udp 53 (DNS)
resource "aws_vpc_security_group_egress_rule" "node_internet_dns_udp__master__to____0" {
  security_group_id = var.master_security_group_id
  description       = "DNS"
  ip_protocol       = "udp"
  from_port         = 53
  to_port           = 53
  cidr_ipv6         = "::/0"
}

# node-internet-dns/udp: node -> internet, udp 53 (DNS)
resource "aws_vpc_security_group_egress_rule" "node_internet_dns_udp__worker__to_0_0_0_0_0" {
  security_group_id = var.worker_security_group_id
  description       = "DNS"
  ip_protocol       = "udp"
  from_port         = 53
  to_port           = 53
  cidr_ipv4         = "0.0.0.0/0"
}

# node-internet-dns/udp: node -> internet, udp 53 (DNS)
resource "aws_vpc_security_group_egress_rule" "node_internet_dns_udp__worker__to____0" {
  security_group_id = var.worker_security_group_id
  description       = "DNS"
  ip_protocol       = "udp"
  from_port         = 53
  to_port           = 53
  cidr_ipv6         = "::/0"
}

# canal-typha: node -> node, tcp 5473 (Calico Typha)
resource "aws_vpc_security_group_ingress_rule" "canal_typha__master__from_master" {
  for_each          = toset(var.master_cidrs)
  security_group_id = var.master_security_group_id
  description       = "Calico Typha"
  ip_protocol       = "tcp"
  from_port         = 5473
  to_port           = 5473
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
}

# canal-typha: node -> node, tcp 5473 (Calico Typha)
resource "aws_vpc_security_group_ingress_rule" "canal_typha__master__from_worker" {
  for_each          = toset(var.worker_cidrs)
  security_group_id = var.master_security_group_id
  description       = "Calico Typha"
  ip_protocol       = "tcp"
  from_port         = 5473
  to_port           = 5473
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
}

# canal-typha: node -> node, tcp 5473 (Calico Typha)
resource "aws_vpc_security_group_ingress_rule" "canal_typha__worker__from_master" {
  for_each          = toset(var.master_cidrs)
  security_group_id = var.worker_security_group_id
  description       = "Calico Typha"
  ip_protocol       = "tcp"
  from_port         = 5473
  to_port           = 5473
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
}

# canal-typha: node -> node, tcp 5473 (Calico Typha)
resource "aws_vpc_security_group_ingress_rule" "canal_typha__worker__from_worker" {
  for_each          = toset(var.worker_cidrs)
  security_group_id = var.worker_security_group_id
  description       = "Calico Typha"
  ip_protocol       = "tcp"
  from_port         = 5473
  to_port           = 5473
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
}

# kubelet-api: node -> node, tcp 10250 (Kubelet API)
resource "aws_vpc_security_group_ingress_rule" "kubelet_api__master__from_master" {
  for_each          = toset(var.master_cidrs)
  security_group_id = var.master_security_group_id
  description       = "Kubelet API"
  ip_protocol       = "tcp"
  from_port         = 10250
  to_port           = 10250
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
}

# kubelet-api: node -> node, tcp 10250 (Kubelet API)
resource "aws_vpc_security_group_ingress_rule" "kubelet_api__master__from_worker" {
  for_each          = toset(var.worker_cidrs)
  security_group_id = var.master_security_group_id
  description       = "Kubelet API"
  ip_protocol       = "tcp"
  from_port         = 10250
  to_port           = 10250
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
}

# kubelet-api: node -> node, tcp 10250 (Kubelet API)
resource "aws_vpc_security_group_ingress_rule" "kubelet_api__worker__from_master" {
  for_each          = toset(var.master_cidrs)
  security_group_id = var.worker_security_group_id
  description       = "Kubelet API"
  ip_protocol       = "tcp"
  from_port         = 10250
  to_port           = 10250
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
}

# kubelet-api: node -> node, tcp 10250 (Kubelet API)
resource "aws_vpc_security_group_ingress_rule" "kubelet_api__worker__from_worker" {
  for_each          = toset(var.worker_cidrs)
  security_group_id = var.worker_security_group_id
  description       = "Kubelet API"
  ip_protocol       = "tcp"
  from_port         = 10250
  to_port           = 10250
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
}

# canal-vxlan: node -> node, udp 8472 (Canal)
resource "aws_vpc_security_group_ingress_rule" "canal_vxlan__master__from_master" {
  for_each          = toset(var.master_cidrs)
  security_group_id = var.master_security_group_id
  description       = "Canal"
  ip_protocol       = "udp"
  from_port         = 8472
  to_port           = 8472
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
}

# canal-vxlan: node -> node, udp 8472 (Canal)
resource "aws_vpc_security_group_ingress_rule" "canal_vxlan__master__from_worker" {
  for_each          = toset(var.worker_cidrs)
  security_group_id = var.master_security_group_id
  description       = "Canal"
  ip_protocol       = "udp"
  from_port         = 8472
  to_port           = 8472
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
}

# canal-vxlan: node -> node, udp 8472 (Canal)
resource "aws_vpc_security_group_ingress_rule" "canal_vxlan__worker__from_master" {
  for_each          = toset(var.master_cidrs)
  security_group_id = var.worker_security_group_id
  description       = "Canal"
  ip_protocol       = "udp"
  from_port         = 8472
  to_port           = 8472
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
}

# canal-vxlan: node -> node, udp 8472 (Canal)
resource "aws_vpc_security_group_ingress_rule" "canal_vxlan__worker__from_worker" {
  for_each          = toset(var.worker_cidrs)
  security_group_id = var.worker_security_group_id
  description       = "Canal"
  ip_protocol       = "udp"
  from_port         = 8472
  to_port           = 8472
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
}

# worker-master-kubernetes-api: worker -> master, tcp 443 (Kubernetes API)
resource "aws_vpc_security_group_ingress_rule" "worker_master_kubernetes_api__master__from_worker" {
  for_each          = toset(var.worker_cidrs)
  security_group_id = var.master_security_group_id
  description       = "Kubernetes API"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
}

# Kublr network requirements 1.30.0, profile prod-eu-1: AWS security group rules for Terraform.
# Flows are ingress rules on the destination role's security groups; a flow to an external role
# (the Internet, an intranet, a cloud API) is an egress rule on the source's security groups, to
# the role's networks (the Internet: 0.0.0.0/0 and ::/0 unless the profile narrows it).
# Needs Terraform >= 1.5 and the hashicorp/aws provider >= 5.0.
# Variables stand for addresses the profile does not give: set them before applying.

variable "kcp_security_group_id" {
  description = "Id of the security group of KCP Nodes (kcp): the profile gives none."
  type        = string
}

# ingress-lb-worker-node-ports/tcp: ingress-lb -> worker, tcp 30000-32767 (Ingress NodePorts)
resource "aws_vpc_security_group_ingress_rule" "ingress_lb_worker_node_ports_tcp__sg_0worker0000000001__from_10_0_0_20_32" {
  security_group_id = "sg-0worker0000000001"
  description       = "Ingress NodePorts: If ingress LB is used, the ingress LB must have access to worker nodes service NodePort port range (usually 30000-32767) or a specific port configured for the ingress controller"
  ip_protocol       = "tcp"
  from_port         = 30000
  to_port           = 32767
  cidr_ipv4         = "10.0.0.20/32"
}

# ingress-lb-worker-node-ports/udp: ingress-lb -> worker, udp 30000-32767 (Ingress NodePorts)
resource "aws_vpc_security_group_ingress_rule" "ingress_lb_worker_node_ports_udp__sg_0worker0000000001__from_10_0_0_20_32" {
  security_group_id = "sg-0worker0000000001"
  description       = "Ingress NodePorts: If ingress LB is used, the ingress LB must have access to worker nodes service NodePort port range (usually 30000-32767) or a specific port configured for the ingress controller"
  ip_protocol       = "udp"
  from_port         = 30000
  to_port           = 32767
  cidr_ipv4         = "10.0.0.20/32"
}

# kcp-cloud-api: kcp -> cloud-api, tcp 443 (Cloud/infrastructure API)
resource "aws_vpc_security_group_egress_rule" "kcp_cloud_api__kcp__to_203_0_113_0_24" {
  security_group_id = var.kcp_security_group_id
  description       = "Cloud/infrastructure API: KCP need access to cloud/infrastructure providers API"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "203.0.113.0/24"
}

# kcp-master-kubernetes-api: kcp -> master, tcp 443 (Kubernetes API)
resource "aws_vpc_security_group_ingress_rule" "kcp_master_kubernetes_api__sg_0master0000000001__from_192_168_10_0_24" {
  security_group_id = "sg-0master0000000001"
  description       = "Kubernetes API: KCP need access to K8S clusters API"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "192.168.10.0/24"
}

# kcp-master-secret-store: kcp -> master, tcp 11250 (Kublr secret store)
resource "aws_vpc_security_group_ingress_rule" "kcp_master_secret_store__sg_0master0000000001__from_192_168_10_0_24" {
  security_group_id = "sg-0master0000000001"
  description       = "Kublr secret store: KCP needs access to bare-metal clusters masters secret store"
  ip_protocol       = "tcp"
  from_port         = 11250
  to_port           = 11250
  cidr_ipv4         = "192.168.10.0/24"
}

# etcd-client: master -> master, tcp 2379 (Etcd)
resource "aws_vpc_security_group_ingress_rule" "etcd_client__sg_0master0000000001__from_sg_0master0000000001" {
  security_group_id            = "sg-0master0000000001"
  description                  = "Etcd"
  ip_protocol                  = "tcp"
  from_port                    = 2379
  to_port                      = 2379
  referenced_security_group_id = "sg-0master0000000001"
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

# master-lb-master-kubernetes-api: master-lb -> master, tcp 443 (Kubernetes API via master LB)
resource "aws_vpc_security_group_ingress_rule" "master_lb_master_kubernetes_api__sg_0master0000000001__from_10_0_0_10_32" {
  security_group_id = "sg-0master0000000001"
  description       = "Kubernetes API via master LB: If master LB is used, the master LB must have access to masters"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.0.0.10/32"
}

# node-internet-dns/tcp: node -> internet, tcp 53 (DNS)
resource "aws_vpc_security_group_egress_rule" "node_internet_dns_tcp__sg_0master0000000001__to_0_0_0_0_0" {
  security_group_id = "sg-0master0000000001"
  description       = "DNS"
  ip_protocol       = "tcp"
  from_port         = 53
  to_port           = 53
  cidr_ipv4         = "0.0.0.0/0"
}

# node-internet-dns/tcp: node -> internet, tcp 53 (DNS)
resource "aws_vpc_security_group_egress_rule" "node_internet_dns_tcp__sg_0worker0000000001__to_0_0_0_0_0" {
  security_group_id = "sg-0worker0000000001"
  description       = "DNS"
  ip_protocol       = "tcp"
  from_port         = 53
  to_port           = 53
  cidr_ipv4         = "0.0.0.0/0"
}

# node-internet-https: node -> internet, tcp 443 (HTTPS to binary repositories)
resource "aws_vpc_security_group_egress_rule" "node_internet_https__sg_0master0000000001__to_0_0_0_0_0" {
  security_group_id = "sg-0master0000000001"
  description       = "HTTPS to binary repositories"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

# node-internet-https: node -> internet, tcp 443 (HTTPS to binary repositories)
resource "aws_vpc_security_group_egress_rule" "node_internet_https__sg_0worker0000000001__to_0_0_0_0_0" {
  security_group_id = "sg-0worker0000000001"
  description       = "HTTPS to binary repositories"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

# node-internet-dns/udp: node -> internet, udp 53 (DNS)
resource "aws_vpc_security_group_egress_rule" "node_internet_dns_udp__sg_0master0000000001__to_0_0_0_0_0" {
  security_group_id = "sg-0master0000000001"
  description       = "DNS"
  ip_protocol       = "udp"
  from_port         = 53
  to_port           = 53
  cidr_ipv4         = "0.0.0.0/0"
}

# node-internet-dns/udp: node -> internet, udp 53 (DNS)
resource "aws_vpc_security_group_egress_rule" "node_internet_dns_udp__sg_0worker0000000001__to_0_0_0_0_0" {
  security_group_id = "sg-0worker0000000001"
  description       = "DNS"
  ip_protocol       = "udp"
  from_port         = 53
  to_port           = 53
  cidr_ipv4         = "0.0.0.0/0"
}

# calico-ipip: node -> node, ipip (IP protocol 4) (Calico IP-in-IP)
resource "aws_vpc_security_group_ingress_rule" "calico_ipip__sg_0master0000000001__from_sg_0master0000000001" {
  security_group_id            = "sg-0master0000000001"
  description                  = "Calico IP-in-IP: IP protocol 4 (IP-in-IP); no ports"
  ip_protocol                  = "4"
  referenced_security_group_id = "sg-0master0000000001"
}

# calico-ipip: node -> node, ipip (IP protocol 4) (Calico IP-in-IP)
resource "aws_vpc_security_group_ingress_rule" "calico_ipip__sg_0master0000000001__from_sg_0worker0000000001" {
  security_group_id            = "sg-0master0000000001"
  description                  = "Calico IP-in-IP: IP protocol 4 (IP-in-IP); no ports"
  ip_protocol                  = "4"
  referenced_security_group_id = "sg-0worker0000000001"
}

# calico-ipip: node -> node, ipip (IP protocol 4) (Calico IP-in-IP)
resource "aws_vpc_security_group_ingress_rule" "calico_ipip__sg_0worker0000000001__from_sg_0master0000000001" {
  security_group_id            = "sg-0worker0000000001"
  description                  = "Calico IP-in-IP: IP protocol 4 (IP-in-IP); no ports"
  ip_protocol                  = "4"
  referenced_security_group_id = "sg-0master0000000001"
}

# calico-ipip: node -> node, ipip (IP protocol 4) (Calico IP-in-IP)
resource "aws_vpc_security_group_ingress_rule" "calico_ipip__sg_0worker0000000001__from_sg_0worker0000000001" {
  security_group_id            = "sg-0worker0000000001"
  description                  = "Calico IP-in-IP: IP protocol 4 (IP-in-IP); no ports"
  ip_protocol                  = "4"
  referenced_security_group_id = "sg-0worker0000000001"
}

# calico-bgp: node -> node, tcp 179 (Calico BGP)
resource "aws_vpc_security_group_ingress_rule" "calico_bgp__sg_0master0000000001__from_sg_0master0000000001" {
  security_group_id            = "sg-0master0000000001"
  description                  = "Calico BGP"
  ip_protocol                  = "tcp"
  from_port                    = 179
  to_port                      = 179
  referenced_security_group_id = "sg-0master0000000001"
}

# calico-bgp: node -> node, tcp 179 (Calico BGP)
resource "aws_vpc_security_group_ingress_rule" "calico_bgp__sg_0master0000000001__from_sg_0worker0000000001" {
  security_group_id            = "sg-0master0000000001"
  description                  = "Calico BGP"
  ip_protocol                  = "tcp"
  from_port                    = 179
  to_port                      = 179
  referenced_security_group_id = "sg-0worker0000000001"
}

# calico-bgp: node -> node, tcp 179 (Calico BGP)
resource "aws_vpc_security_group_ingress_rule" "calico_bgp__sg_0worker0000000001__from_sg_0master0000000001" {
  security_group_id            = "sg-0worker0000000001"
  description                  = "Calico BGP"
  ip_protocol                  = "tcp"
  from_port                    = 179
  to_port                      = 179
  referenced_security_group_id = "sg-0master0000000001"
}

# calico-bgp: node -> node, tcp 179 (Calico BGP)
resource "aws_vpc_security_group_ingress_rule" "calico_bgp__sg_0worker0000000001__from_sg_0worker0000000001" {
  security_group_id            = "sg-0worker0000000001"
  description                  = "Calico BGP"
  ip_protocol                  = "tcp"
  from_port                    = 179
  to_port                      = 179
  referenced_security_group_id = "sg-0worker0000000001"
}

# calico-typha: node -> node, tcp 5473 (Calico Typha)
resource "aws_vpc_security_group_ingress_rule" "calico_typha__sg_0master0000000001__from_sg_0master0000000001" {
  security_group_id            = "sg-0master0000000001"
  description                  = "Calico Typha"
  ip_protocol                  = "tcp"
  from_port                    = 5473
  to_port                      = 5473
  referenced_security_group_id = "sg-0master0000000001"
}

# calico-typha: node -> node, tcp 5473 (Calico Typha)
resource "aws_vpc_security_group_ingress_rule" "calico_typha__sg_0master0000000001__from_sg_0worker0000000001" {
  security_group_id            = "sg-0master0000000001"
  description                  = "Calico Typha"
  ip_protocol                  = "tcp"
  from_port                    = 5473
  to_port                      = 5473
  referenced_security_group_id = "sg-0worker0000000001"
}

# calico-typha: node -> node, tcp 5473 (Calico Typha)
resource "aws_vpc_security_group_ingress_rule" "calico_typha__sg_0worker0000000001__from_sg_0master0000000001" {
  security_group_id            = "sg-0worker0000000001"
  description                  = "Calico Typha"
  ip_protocol                  = "tcp"
  from_port                    = 5473
  to_port                      = 5473
  referenced_security_group_id = "sg-0master0000000001"
}

# calico-typha: node -> node, tcp 5473 (Calico Typha)
resource "aws_vpc_security_group_ingress_rule" "calico_typha__sg_0worker0000000001__from_sg_0worker0000000001" {
  security_group_id            = "sg-0worker0000000001"
  description                  = "Calico Typha"
  ip_protocol                  = "tcp"
  from_port                    = 5473
  to_port                      = 5473
  referenced_security_group_id = "sg-0worker0000000001"
}

# kubelet-api: node -> node, tcp 10250 (Kubelet API)
resource "aws_vpc_security_group_ingress_rule" "kubelet_api__sg_0master0000000001__from_sg_0master0000000001" {
  security_group_id            = "sg-0master0000000001"
  description                  = "Kubelet API"
  ip_protocol                  = "tcp"
  from_port                    = 10250
  to_port                      = 10250
  referenced_security_group_id = "sg-0master0000000001"
}

# kubelet-api: node -> node, tcp 10250 (Kubelet API)
resource "aws_vpc_security_group_ingress_rule" "kubelet_api__sg_0master0000000001__from_sg_0worker0000000001" {
  security_group_id            = "sg-0master0000000001"
  description                  = "Kubelet API"
  ip_protocol                  = "tcp"
  from_port                    = 10250
  to_port                      = 10250
  referenced_security_group_id = "sg-0worker0000000001"
}

# kubelet-api: node -> node, tcp 10250 (Kubelet API)
resource "aws_vpc_security_group_ingress_rule" "kubelet_api__sg_0worker0000000001__from_sg_0master0000000001" {
  security_group_id            = "sg-0worker0000000001"
  description                  = "Kubelet API"
  ip_protocol                  = "tcp"
  from_port                    = 10250
  to_port                      = 10250
  referenced_security_group_id = "sg-0master0000000001"
}

# kubelet-api: node -> node, tcp 10250 (Kubelet API)
resource "aws_vpc_security_group_ingress_rule" "kubelet_api__sg_0worker0000000001__from_sg_0worker0000000001" {
  security_group_id            = "sg-0worker0000000001"
  description                  = "Kubelet API"
  ip_protocol                  = "tcp"
  from_port                    = 10250
  to_port                      = 10250
  referenced_security_group_id = "sg-0worker0000000001"
}

# calico-vxlan: node -> node, udp 8472 (Calico VXLAN/Flannel)
resource "aws_vpc_security_group_ingress_rule" "calico_vxlan__sg_0master0000000001__from_sg_0master0000000001" {
  security_group_id            = "sg-0master0000000001"
  description                  = "Calico VXLAN/Flannel"
  ip_protocol                  = "udp"
  from_port                    = 8472
  to_port                      = 8472
  referenced_security_group_id = "sg-0master0000000001"
}

# calico-vxlan: node -> node, udp 8472 (Calico VXLAN/Flannel)
resource "aws_vpc_security_group_ingress_rule" "calico_vxlan__sg_0master0000000001__from_sg_0worker0000000001" {
  security_group_id            = "sg-0master0000000001"
  description                  = "Calico VXLAN/Flannel"
  ip_protocol                  = "udp"
  from_port                    = 8472
  to_port                      = 8472
  referenced_security_group_id = "sg-0worker0000000001"
}

# calico-vxlan: node -> node, udp 8472 (Calico VXLAN/Flannel)
resource "aws_vpc_security_group_ingress_rule" "calico_vxlan__sg_0worker0000000001__from_sg_0master0000000001" {
  security_group_id            = "sg-0worker0000000001"
  description                  = "Calico VXLAN/Flannel"
  ip_protocol                  = "udp"
  from_port                    = 8472
  to_port                      = 8472
  referenced_security_group_id = "sg-0master0000000001"
}

# calico-vxlan: node -> node, udp 8472 (Calico VXLAN/Flannel)
resource "aws_vpc_security_group_ingress_rule" "calico_vxlan__sg_0worker0000000001__from_sg_0worker0000000001" {
  security_group_id            = "sg-0worker0000000001"
  description                  = "Calico VXLAN/Flannel"
  ip_protocol                  = "udp"
  from_port                    = 8472
  to_port                      = 8472
  referenced_security_group_id = "sg-0worker0000000001"
}

# worker-master-kubernetes-api: worker -> master, tcp 443 (Kubernetes API)
resource "aws_vpc_security_group_ingress_rule" "worker_master_kubernetes_api__sg_0master0000000001__from_sg_0worker0000000001" {
  security_group_id            = "sg-0master0000000001"
  description                  = "Kubernetes API"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = "sg-0worker0000000001"
}

# worker-master-secret-store: worker -> master, tcp 11250 (Kublr secret store)
resource "aws_vpc_security_group_ingress_rule" "worker_master_secret_store__sg_0master0000000001__from_sg_0worker0000000001" {
  security_group_id            = "sg-0master0000000001"
  description                  = "Kublr secret store: Workers need access to bare-metal clusters masters secret store"
  ip_protocol                  = "tcp"
  from_port                    = 11250
  to_port                      = 11250
  referenced_security_group_id = "sg-0worker0000000001"
}

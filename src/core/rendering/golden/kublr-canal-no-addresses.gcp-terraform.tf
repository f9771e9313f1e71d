# Kublr network requirements 1.30.0: GCP VPC firewall rules for Terraform.
# INGRESS rules on the destination role's network tags; a flow to an external role (the Internet,
# an intranet, a cloud API) is an EGRESS rule on the source's tags with the role's networks as
# destination_ranges (the Internet: 0.0.0.0/0 and ::/0 unless the profile narrows it). GCP takes
# IPv4 or IPv6 ranges in one rule, not both: a flow to both has a second rule named "...-ipv6".
# Variables stand for the network and for tags or ranges the profile does not give: set them before applying.

variable "network" {
  description = "The VPC network (name or self link) the rules belong to."
  type        = string
}

variable "kcp_cidrs" {
  description = "Address ranges (CIDRs) of KCP Nodes (kcp): the profile gives none."
  type        = list(string)
}

variable "kcp_target_tags" {
  description = "Network tags of KCP Nodes (kcp): the profile gives none."
  type        = list(string)
}

variable "master_cidrs" {
  description = "Address ranges (CIDRs) of Master (master): the profile gives none."
  type        = list(string)
}

variable "master_target_tags" {
  description = "Network tags of Master (master): the profile gives none."
  type        = list(string)
}

variable "worker_cidrs" {
  description = "Address ranges (CIDRs) of Worker (worker): the profile gives none."
  type        = list(string)
}

variable "worker_target_tags" {
  description = "Network tags of Worker (worker): the profile gives none."
  type        = list(string)
}

# kcp-cloud-api: kcp -> cloud-api, tcp 443 (Cloud/infrastructure API)
resource "google_compute_firewall" "kcp-cloud-api" {
  name               = "kcp-cloud-api"
  network            = var.network
  description        = "Cloud/infrastructure API: KCP need access to cloud/infrastructure providers’ API"
  direction          = "EGRESS"
  target_tags        = var.kcp_target_tags
  destination_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}

# kcp-cloud-api: kcp -> cloud-api, tcp 443 (Cloud/infrastructure API)
resource "google_compute_firewall" "kcp-cloud-api-ipv6" {
  name               = "kcp-cloud-api-ipv6"
  network            = var.network
  description        = "Cloud/infrastructure API: KCP need access to cloud/infrastructure providers’ API"
  direction          = "EGRESS"
  target_tags        = var.kcp_target_tags
  destination_ranges = ["::/0"]

  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}

# kcp-master-kubernetes-api: kcp -> master, tcp 443 (Kubernetes API)
resource "google_compute_firewall" "kcp-master-kubernetes-api" {
  name          = "kcp-master-kubernetes-api"
  network       = var.network
  description   = "Kubernetes API: KCP need access to K8S clusters’ API"
  direction     = "INGRESS"
  target_tags   = var.master_target_tags
  source_ranges = var.kcp_cidrs

  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}

# etcd-client: master -> master, tcp 2379 (Etcd)
resource "google_compute_firewall" "etcd-client" {
  name          = "etcd-client"
  network       = var.network
  description   = "Etcd"
  direction     = "INGRESS"
  target_tags   = var.master_target_tags
  source_ranges = var.master_cidrs

  allow {
    protocol = "tcp"
    ports    = ["2379"]
  }
}

# etcd-peer: master -> master, tcp 2380 (Etcd)
resource "google_compute_firewall" "etcd-peer" {
  name          = "etcd-peer"
  network       = var.network
  description   = "Etcd"
  direction     = "INGRESS"
  target_tags   = var.master_target_tags
  source_ranges = var.master_cidrs

  allow {
    protocol = "tcp"
    ports    = ["2380"]
  }
}

# node-internet-dns/tcp: node -> internet, tcp 53 (DNS)
resource "google_compute_firewall" "node-internet-dns-tcp" {
  name               = "node-internet-dns-tcp"
  network            = var.network
  description        = "DNS"
  direction          = "EGRESS"
  target_tags        = concat(var.master_target_tags, var.worker_target_tags)
  destination_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["53"]
  }
}

# node-internet-dns/tcp: node -> internet, tcp 53 (DNS)
resource "google_compute_firewall" "node-internet-dns-tcp-ipv6" {
  name               = "node-internet-dns-tcp-ipv6"
  network            = var.network
  description        = "DNS"
  direction          = "EGRESS"
  target_tags        = concat(var.master_target_tags, var.worker_target_tags)
  destination_ranges = ["::/0"]

  allow {
    protocol = "tcp"
    ports    = ["53"]
  }
}

# node-internet-https: node -> internet, tcp 443 (HTTPS to binary repositories)
resource "google_compute_firewall" "node-internet-https" {
  name               = "node-internet-https"
  network            = var.network
  description        = "HTTPS to binary repositories"
  direction          = "EGRESS"
  target_tags        = concat(var.master_target_tags, var.worker_target_tags)
  destination_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}

# node-internet-https: node -> internet, tcp 443 (HTTPS to binary repositories)
resource "google_compute_firewall" "node-internet-https-ipv6" {
  name               = "node-internet-https-ipv6"
  network            = var.network
  description        = "HTTPS to binary repositories"
  direction          = "EGRESS"
  target_tags        = concat(var.master_target_tags, var.worker_target_tags)
  destination_ranges = ["::/0"]

  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}

# node-internet-dns/udp: node -> internet, udp 53 (DNS)
resource "google_compute_firewall" "node-internet-dns-udp" {
  name               = "node-internet-dns-udp"
  network            = var.network
  description        = "DNS"
  direction          = "EGRESS"
  target_tags        = concat(var.master_target_tags, var.worker_target_tags)
  destination_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "udp"
    ports    = ["53"]
  }
}

# node-internet-dns/udp: node -> internet, udp 53 (DNS)
resource "google_compute_firewall" "node-internet-dns-udp-ipv6" {
  name               = "node-internet-dns-udp-ipv6"
  network            = var.network
  description        = "DNS"
  direction          = "EGRESS"
  target_tags        = concat(var.master_target_tags, var.worker_target_tags)
  destination_ranges = ["::/0"]

  allow {
    protocol = "udp"
    ports    = ["53"]
  }
}

# canal-typha: node -> node, tcp 5473 (Calico Typha)
resource "google_compute_firewall" "canal-typha" {
  name          = "canal-typha"
  network       = var.network
  description   = "Calico Typha"
  direction     = "INGRESS"
  target_tags   = concat(var.master_target_tags, var.worker_target_tags)
  source_ranges = concat(var.master_cidrs, var.worker_cidrs)

  allow {
    protocol = "tcp"
    ports    = ["5473"]
  }
}

# kubelet-api: node -> node, tcp 10250 (Kubelet API)
resource "google_compute_firewall" "kubelet-api" {
  name          = "kubelet-api"
  network       = var.network
  description   = "Kubelet API"
  direction     = "INGRESS"
  target_tags   = concat(var.master_target_tags, var.worker_target_tags)
  source_ranges = concat(var.master_cidrs, var.worker_cidrs)

  allow {
    protocol = "tcp"
    ports    = ["10250"]
  }
}

# canal-vxlan: node -> node, udp 8472 (Canal)
resource "google_compute_firewall" "canal-vxlan" {
  name          = "canal-vxlan"
  network       = var.network
  description   = "Canal"
  direction     = "INGRESS"
  target_tags   = concat(var.master_target_tags, var.worker_target_tags)
  source_ranges = concat(var.master_cidrs, var.worker_cidrs)

  allow {
    protocol = "udp"
    ports    = ["8472"]
  }
}

# worker-master-kubernetes-api: worker -> master, tcp 443 (Kubernetes API)
resource "google_compute_firewall" "worker-master-kubernetes-api" {
  name          = "worker-master-kubernetes-api"
  network       = var.network
  description   = "Kubernetes API"
  direction     = "INGRESS"
  target_tags   = var.master_target_tags
  source_ranges = var.worker_cidrs

  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}

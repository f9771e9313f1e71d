# Kublr network requirements 1.30.0, profile prod-eu-1: GCP VPC firewall rules for Terraform.
# INGRESS rules on the destination role's network tags; a flow to an external role (the Internet,
# an intranet, a cloud API) is an EGRESS rule on the source's tags with the role's networks as
# destination_ranges (the Internet: 0.0.0.0/0 and ::/0 unless the profile narrows it). GCP takes
# IPv4 or IPv6 ranges in one rule, not both: a flow to both has a second rule named "...-ipv6".
# Variables stand for the network and for tags or ranges the profile does not give: set them before applying.

variable "network" {
  description = "The VPC network (name or self link) the rules belong to."
  type        = string
}

# ingress-lb-worker-node-ports/tcp: ingress-lb -> worker, tcp 30000-32767 (Ingress NodePorts)
resource "google_compute_firewall" "prod-eu-1-ingress-lb-worker-node-ports-tcp" {
  name          = "prod-eu-1-ingress-lb-worker-node-ports-tcp"
  network       = var.network
  description   = "Ingress NodePorts: If ingress LB is used, the ingress LB must have access to worker nodes service NodePort port range (usually 30000-32767) or a specific port configured for the ingress controller"
  direction     = "INGRESS"
  target_tags   = ["kublr-worker"]
  source_ranges = ["10.0.0.20/32"]
  source_tags   = ["kublr-ingress-lb"]

  allow {
    protocol = "tcp"
    ports    = ["30000-32767"]
  }
}

# ingress-lb-worker-node-ports/udp: ingress-lb -> worker, udp 30000-32767 (Ingress NodePorts)
resource "google_compute_firewall" "prod-eu-1-ingress-lb-worker-node-ports-udp" {
  name          = "prod-eu-1-ingress-lb-worker-node-ports-udp"
  network       = var.network
  description   = "Ingress NodePorts: If ingress LB is used, the ingress LB must have access to worker nodes service NodePort port range (usually 30000-32767) or a specific port configured for the ingress controller"
  direction     = "INGRESS"
  target_tags   = ["kublr-worker"]
  source_ranges = ["10.0.0.20/32"]
  source_tags   = ["kublr-ingress-lb"]

  allow {
    protocol = "udp"
    ports    = ["30000-32767"]
  }
}

# kcp-cloud-api: kcp -> cloud-api, tcp 443 (Cloud/infrastructure API)
resource "google_compute_firewall" "prod-eu-1-kcp-cloud-api" {
  name               = "prod-eu-1-kcp-cloud-api"
  network            = var.network
  description        = "Cloud/infrastructure API: KCP need access to cloud/infrastructure providers’ API"
  direction          = "EGRESS"
  target_tags        = ["kublr-kcp"]
  destination_ranges = ["203.0.113.0/24"]

  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}

# kcp-master-kubernetes-api: kcp -> master, tcp 443 (Kubernetes API)
resource "google_compute_firewall" "prod-eu-1-kcp-master-kubernetes-api" {
  name          = "prod-eu-1-kcp-master-kubernetes-api"
  network       = var.network
  description   = "Kubernetes API: KCP need access to K8S clusters’ API"
  direction     = "INGRESS"
  target_tags   = ["kublr-master"]
  source_ranges = ["192.168.10.0/24"]
  source_tags   = ["kublr-kcp"]

  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}

# kcp-master-secret-store: kcp -> master, tcp 11250 (Kublr secret store)
resource "google_compute_firewall" "prod-eu-1-kcp-master-secret-store" {
  name          = "prod-eu-1-kcp-master-secret-store"
  network       = var.network
  description   = "Kublr secret store: KCP needs access to bare-metal clusters’ masters’ secret store"
  direction     = "INGRESS"
  target_tags   = ["kublr-master"]
  source_ranges = ["192.168.10.0/24"]
  source_tags   = ["kublr-kcp"]

  allow {
    protocol = "tcp"
    ports    = ["11250"]
  }
}

# etcd-client: master -> master, tcp 2379 (Etcd)
resource "google_compute_firewall" "prod-eu-1-etcd-client" {
  name          = "prod-eu-1-etcd-client"
  network       = var.network
  description   = "Etcd"
  direction     = "INGRESS"
  target_tags   = ["kublr-master"]
  source_ranges = ["10.0.1.0/24"]
  source_tags   = ["kublr-master"]

  allow {
    protocol = "tcp"
    ports    = ["2379"]
  }
}

# etcd-peer: master -> master, tcp 2380 (Etcd)
resource "google_compute_firewall" "prod-eu-1-etcd-peer" {
  name          = "prod-eu-1-etcd-peer"
  network       = var.network
  description   = "Etcd"
  direction     = "INGRESS"
  target_tags   = ["kublr-master"]
  source_ranges = ["10.0.1.0/24"]
  source_tags   = ["kublr-master"]

  allow {
    protocol = "tcp"
    ports    = ["2380"]
  }
}

# master-lb-master-kubernetes-api: master-lb -> master, tcp 443 (Kubernetes API via master LB)
resource "google_compute_firewall" "prod-eu-1-master-lb-master-kubernetes-api" {
  name          = "prod-eu-1-master-lb-master-kubernetes-api"
  network       = var.network
  description   = "Kubernetes API via master LB: If master LB is used, the master LB must have access to masters"
  direction     = "INGRESS"
  target_tags   = ["kublr-master"]
  source_ranges = ["10.0.0.10/32"]
  source_tags   = ["kublr-master-lb"]

  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}

# node-internet-dns/tcp: node -> internet, tcp 53 (DNS)
resource "google_compute_firewall" "prod-eu-1-node-internet-dns-tcp" {
  name               = "prod-eu-1-node-internet-dns-tcp"
  network            = var.network
  description        = "DNS"
  direction          = "EGRESS"
  target_tags        = ["kublr-master", "kublr-worker"]
  destination_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["53"]
  }
}

# node-internet-https: node -> internet, tcp 443 (HTTPS to binary repositories)
resource "google_compute_firewall" "prod-eu-1-node-internet-https" {
  name               = "prod-eu-1-node-internet-https"
  network            = var.network
  description        = "HTTPS to binary repositories"
  direction          = "EGRESS"
  target_tags        = ["kublr-master", "kublr-worker"]
  destination_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}

# node-internet-dns/udp: node -> internet, udp 53 (DNS)
resource "google_compute_firewall" "prod-eu-1-node-internet-dns-udp" {
  name               = "prod-eu-1-node-internet-dns-udp"
  network            = var.network
  description        = "DNS"
  direction          = "EGRESS"
  target_tags        = ["kublr-master", "kublr-worker"]
  destination_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "udp"
    ports    = ["53"]
  }
}

# calico-ipip: node -> node, ipip (IP protocol 4) (Calico IP-in-IP)
resource "google_compute_firewall" "prod-eu-1-calico-ipip" {
  name          = "prod-eu-1-calico-ipip"
  network       = var.network
  description   = "Calico IP-in-IP: IP protocol 4 (IP-in-IP); no ports"
  direction     = "INGRESS"
  target_tags   = ["kublr-master", "kublr-worker"]
  source_ranges = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
  source_tags   = ["kublr-master", "kublr-worker"]

  allow {
    protocol = "4"
  }
}

# calico-bgp: node -> node, tcp 179 (Calico BGP)
resource "google_compute_firewall" "prod-eu-1-calico-bgp" {
  name          = "prod-eu-1-calico-bgp"
  network       = var.network
  description   = "Calico BGP"
  direction     = "INGRESS"
  target_tags   = ["kublr-master", "kublr-worker"]
  source_ranges = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
  source_tags   = ["kublr-master", "kublr-worker"]

  allow {
    protocol = "tcp"
    ports    = ["179"]
  }
}

# calico-typha: node -> node, tcp 5473 (Calico Typha)
resource "google_compute_firewall" "prod-eu-1-calico-typha" {
  name          = "prod-eu-1-calico-typha"
  network       = var.network
  description   = "Calico Typha"
  direction     = "INGRESS"
  target_tags   = ["kublr-master", "kublr-worker"]
  source_ranges = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
  source_tags   = ["kublr-master", "kublr-worker"]

  allow {
    protocol = "tcp"
    ports    = ["5473"]
  }
}

# kubelet-api: node -> node, tcp 10250 (Kubelet API)
resource "google_compute_firewall" "prod-eu-1-kubelet-api" {
  name          = "prod-eu-1-kubelet-api"
  network       = var.network
  description   = "Kubelet API"
  direction     = "INGRESS"
  target_tags   = ["kublr-master", "kublr-worker"]
  source_ranges = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
  source_tags   = ["kublr-master", "kublr-worker"]

  allow {
    protocol = "tcp"
    ports    = ["10250"]
  }
}

# calico-vxlan: node -> node, udp 8472 (Calico VXLAN/Flannel)
resource "google_compute_firewall" "prod-eu-1-calico-vxlan" {
  name          = "prod-eu-1-calico-vxlan"
  network       = var.network
  description   = "Calico VXLAN/Flannel"
  direction     = "INGRESS"
  target_tags   = ["kublr-master", "kublr-worker"]
  source_ranges = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
  source_tags   = ["kublr-master", "kublr-worker"]

  allow {
    protocol = "udp"
    ports    = ["8472"]
  }
}

# worker-master-kubernetes-api: worker -> master, tcp 443 (Kubernetes API)
resource "google_compute_firewall" "prod-eu-1-worker-master-kubernetes-api" {
  name          = "prod-eu-1-worker-master-kubernetes-api"
  network       = var.network
  description   = "Kubernetes API"
  direction     = "INGRESS"
  target_tags   = ["kublr-master"]
  source_ranges = ["10.0.2.0/24", "10.0.3.0/24"]
  source_tags   = ["kublr-worker"]

  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}

# worker-master-secret-store: worker -> master, tcp 11250 (Kublr secret store)
resource "google_compute_firewall" "prod-eu-1-worker-master-secret-store" {
  name          = "prod-eu-1-worker-master-secret-store"
  network       = var.network
  description   = "Kublr secret store: Workers need access to bare-metal clusters’ masters’ secret store"
  direction     = "INGRESS"
  target_tags   = ["kublr-master"]
  source_ranges = ["10.0.2.0/24", "10.0.3.0/24"]
  source_tags   = ["kublr-worker"]

  allow {
    protocol = "tcp"
    ports    = ["11250"]
  }
}

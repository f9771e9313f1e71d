-- AlterTable
ALTER TABLE "profiles" ADD COLUMN     "management_cidrs" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "management_ports" INTEGER[] DEFAULT ARRAY[]::INTEGER[];
